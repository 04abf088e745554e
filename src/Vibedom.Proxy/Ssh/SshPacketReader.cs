using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Vibedom.Proxy.Ssh;

/// <summary>
/// Frames one direction of the clear start of an SSH stream (RFC 4253): the version line, then binary packets, each
/// payload handed out whole however the bytes were split across reads. Bounded: a version line beyond 8 KiB or a
/// packet length beyond 256 KiB (or too short to hold a payload) is <see cref="Step.Malformed"/>.
/// </summary>
internal sealed class SshPacketReader
{
    public enum Step
    {
        More,
        NotSsh,
        Malformed,
        Packet,
    }

    private const int MaxLine = 8 * 1024;
    private const int MaxPacket = 256 * 1024;
    private readonly List<byte> _buffer = [];
    private int _start;
    private bool _versionSeen;

    public void Append(ReadOnlySpan<byte> data)
    {
        _buffer.RemoveRange(0, _start);
        _start = 0;
        _buffer.AddRange(data);
    }

    /// <summary>The next whole payload (<see cref="Step.Packet"/>), or why there is none.</summary>
    public Step Next(out byte[] payload)
    {
        payload = [];
        var span = CollectionsMarshal.AsSpan(_buffer)[_start..];
        if (!_versionSeen)
        {
            var prefix = span[..Math.Min(4, span.Length)];
            if (!"SSH-"u8.StartsWith(prefix))
            {
                return Step.NotSsh;
            }

            var newline = span.IndexOf((byte)'\n');
            if (newline < 0 || newline > MaxLine)
            {
                return span.Length > MaxLine ? Step.Malformed : Step.More;
            }

            _versionSeen = true;
            _start += newline + 1;
            span = span[(newline + 1)..];
        }

        if (span.Length < 5)
        {
            return Step.More;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(span);
        if (length is < 5 or > MaxPacket || span[4] >= length - 1)
        {
            return Step.Malformed; // no room for a payload byte after the padding length and the padding
        }

        if (span.Length < 4 + length)
        {
            return Step.More;
        }

        payload = span.Slice(5, (int)length - span[4] - 1).ToArray();
        _start += 4 + (int)length;
        return Step.Packet;
    }
}
