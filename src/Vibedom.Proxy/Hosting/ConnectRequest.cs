using System.Buffers;
using System.Globalization;
using System.Text;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Hosting;

/// <summary>A parsed <c>CONNECT host:port HTTP/1.x</c> header block (headers are read and dropped).</summary>
internal sealed record ConnectRequest(string Host, int Port, string Authority)
{
    public static ConnectRequest? Parse(ReadOnlySequence<byte> headerBlock)
    {
        var text = Encoding.Latin1.GetString(headerBlock);
        var lineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
        var requestLine = lineEnd >= 0 ? text[..lineEnd] : text;
        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || parts[0] != "CONNECT" || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return null;
        }

        var authority = parts[1];
        var bracket = authority.LastIndexOf(']');
        var colon = authority.LastIndexOf(':');
        if (colon <= bracket)
        {
            return null;
        }

        if (!int.TryParse(authority.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }

        var host = HostName.Normalize(authority[..colon]);
        if (host.Length == 0 || (HostName.ParseAddress(host) is null && HostName.CheckDnsName(host) is not null))
        {
            return null;
        }

        return new ConnectRequest(host, port, authority);
    }
}
