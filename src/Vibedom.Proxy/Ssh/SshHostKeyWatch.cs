using System.Buffers.Binary;
using System.Text;

namespace Vibedom.Proxy.Ssh;

/// <summary>
/// Reads the server's side of a raw tunnel as it passes (nothing is held back or changed) until the SSH key exchange
/// shows the server's host key, which travels in the clear: the version line, then unencrypted binary packets up to
/// the KEX reply (message 31 or 33) whose first field is the host key blob. A stream whose first line is not an SSH
/// version line is not SSH (<see cref="State.NotSsh"/>). Bounded: a packet beyond 256 KiB or a version line beyond
/// 8 KiB is <see cref="State.Malformed"/>.
/// </summary>
internal sealed class SshHostKeyWatch
{
    public enum State
    {
        Reading,
        NotSsh,
        Malformed,
        HostKey,
    }

    private const int MaxLine = 8 * 1024;
    private const int MaxPacket = 256 * 1024;
    private readonly List<byte> _buffer = [];
    private bool _versionSeen;

    public State Current { get; private set; } = State.Reading;

    /// <summary>The server's host key blob, once <see cref="Current"/> is <see cref="State.HostKey"/>.</summary>
    public byte[]? HostKey { get; private set; }

    public State Feed(ReadOnlySpan<byte> data)
    {
        if (Current != State.Reading)
        {
            return Current;
        }

        _buffer.AddRange(data);
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffer);
        var consumed = 0;
        if (!_versionSeen)
        {
            if (span.Length >= 4 && !span[..4].SequenceEqual("SSH-"u8))
            {
                return Current = State.NotSsh;
            }

            var newline = span.IndexOf((byte)'\n');
            if (newline < 0)
            {
                return span.Length > MaxLine ? Current = State.Malformed : Current;
            }

            _versionSeen = true;
            consumed = newline + 1;
        }

        while (true)
        {
            var rest = span[consumed..];
            if (rest.Length < 5)
            {
                break;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(rest);
            if (length is < 5 or > MaxPacket)
            {
                return Current = State.Malformed;
            }

            if (rest.Length < 4 + length)
            {
                break;
            }

            var padding = rest[4];
            if (padding >= length)
            {
                return Current = State.Malformed;
            }

            var payload = rest.Slice(5, (int)length - padding - 1);
            consumed += 4 + (int)length;
            if (payload.Length > 0 && payload[0] is 31 or 33 && HostKeyOf(payload[1..]) is { } key)
            {
                HostKey = key;
                _buffer.Clear();
                return Current = State.HostKey;
            }

            if (payload.Length > 0 && payload[0] == 21)
            {
                return Current = State.Malformed; // NEWKEYS before any host key: nothing after it is readable
            }
        }

        _buffer.RemoveRange(0, consumed);
        return Current;
    }

    /// <summary>The first string field when it is a key blob (its own first field a key type name); else null (a DH group message).</summary>
    private static byte[]? HostKeyOf(ReadOnlySpan<byte> fields)
    {
        if (fields.Length < 4)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(fields);
        if (length < 8 || length > fields.Length - 4)
        {
            return null;
        }

        var blob = fields.Slice(4, (int)length);
        var typeLength = BinaryPrimitives.ReadUInt32BigEndian(blob);
        if (typeLength is 0 or > 64 || typeLength > blob.Length - 4)
        {
            return null;
        }

        var type = Encoding.ASCII.GetString(blob.Slice(4, (int)typeLength));
        return type.StartsWith("ssh-", StringComparison.Ordinal) || type.StartsWith("ecdsa-", StringComparison.Ordinal)
            || type.StartsWith("sk-", StringComparison.Ordinal) || type.StartsWith("rsa-", StringComparison.Ordinal)
            ? blob.ToArray()
            : null;
    }
}
