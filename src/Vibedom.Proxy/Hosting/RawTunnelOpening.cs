using System.Buffers;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// What a client's first bytes in a raw tunnel are: TLS (a handshake record, <c>0x16 0x03</c>) and an HTTP request line
/// (<c>TOKEN SP target SP HTTP/d.d</c>) must go through interception, never through the unread relay; anything else
/// (SSH, SMTP, database protocols) is relayed. Only a line that starts like a request is waited for to its end.
/// </summary>
internal static class RawTunnelOpening
{
    /// <summary>A line that starts like a request and has no end within this many bytes is taken for one.</summary>
    public const int MaxRequestLine = 8 * 1024;

    public enum Kind
    {
        NeedMore,
        Tls,
        Http,
        Other,
    }

    public static Kind Classify(ReadOnlySequence<byte> bytes, bool completed)
    {
        var kind = Peek(bytes.Length > MaxRequestLine ? bytes.Slice(0, MaxRequestLine) : bytes, bytes.Length >= MaxRequestLine);
        return kind == Kind.NeedMore && completed ? Kind.Other : kind;
    }

    private static Kind Peek(ReadOnlySequence<byte> bytes, bool full)
    {
        if (bytes.IsEmpty)
        {
            return Kind.NeedMore;
        }

        var reader = new SequenceReader<byte>(bytes);
        reader.TryRead(out var first);
        if (first == 0x16)
        {
            return !reader.TryRead(out var second) ? Kind.NeedMore : second == 0x03 ? Kind.Tls : Kind.Other;
        }

        if (!IsTokenChar(first))
        {
            return Kind.Other;
        }

        while (reader.TryRead(out var b))
        {
            if (b == (byte)' ')
            {
                return RequestLine(bytes, full);
            }

            if (!IsTokenChar(b))
            {
                return Kind.Other;
            }
        }

        // no space yet: wait only while it can still be a standard method ("ping" relays at once)
        var token = System.Text.Encoding.ASCII.GetString(bytes.ToArray());
        return Methods.Any(m => m.StartsWith(token, StringComparison.OrdinalIgnoreCase)) ? Kind.NeedMore : Kind.Other;
    }

    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI", "PROPFIND", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH"];

    private static Kind RequestLine(ReadOnlySequence<byte> bytes, bool full)
    {
        var reader = new SequenceReader<byte>(bytes);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            return full ? Kind.Http : Kind.NeedMore;
        }

        var text = System.Text.Encoding.Latin1.GetString(line.ToArray()).TrimEnd('\r');
        var version = text.LastIndexOf(' ');
        var tail = text[(version + 1)..];
        var isHttp = tail.Length == 8 && tail.StartsWith("HTTP/", StringComparison.Ordinal)
            && char.IsAsciiDigit(tail[5]) && tail[6] == '.' && char.IsAsciiDigit(tail[7]);
        return isHttp ? Kind.Http : Kind.Other;
    }

    private static bool IsTokenChar(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
        || "!#$%&'*+-.^_`|~"u8.Contains(b);
}
