namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>
/// Private IPv4 host addresses (RFC 1918: 10/8, 172.16/12, 192.168/16) in dotted-quad form without leading zeros.
/// Not loopback, link-local or public addresses; not a network or broadcast address (last octet 0 or 255:
/// <c>10.0.0.0/8</c>, an assembly version <c>10.0.0.0</c>); not a piece of a longer dotted number.
/// </summary>
internal sealed partial class PrivateIpv4Detector : IPiiDetector
{
    public string RuleId => "private-ipv4";

    public void Find(PiiInput input, List<(int Start, int End)> found)
    {
        var text = input.Text;
        Span<int> octets = stackalloc int[4];
        for (var i = NextCandidate(text, 0); i >= 0; i = NextCandidate(text, i + 1))
        {
            if (HostAt(text, i, octets) is { End: > 0 } host)
            {
                found.Add(host);
                i = host.End;
            }
        }
    }

    /// <summary>The private host address whose first dot is at <paramref name="i"/>, or (-1, -1).</summary>
    internal static (int Start, int End) HostAt(string text, int i, Span<int> octets)
    {
        // read back to the first octet's start
        var start = i;
        while (start > 0 && i - start < 3 && char.IsAsciiDigit(text[start - 1]))
        {
            start--;
        }

        if (start == i || (start > 0 && char.IsAsciiDigit(text[start - 1])) || !PiiText.ClearBefore(text, start))
        {
            return (-1, -1);
        }

        var end = Read(text, start, octets);
        return end > 0 && PiiText.ClearAfter(text, end) && IsPrivateHost(octets) ? (start, end) : (-1, -1);
    }

    /// <summary>Four dotted octets from <paramref name="at"/>; the end, or -1.</summary>
    private static int Read(string text, int at, Span<int> octets)
    {
        for (var n = 0; n < 4; n++)
        {
            if (n > 0)
            {
                if (at >= text.Length || text[at] != '.')
                {
                    return -1;
                }

                at++;
            }

            var s = at;
            var value = 0;
            while (at < text.Length && char.IsAsciiDigit(text[at]) && at - s < 3)
            {
                value = (value * 10) + (text[at] - '0');
                at++;
            }

            if (at == s || value > 255 || (at - s > 1 && text[s] == '0') || (at < text.Length && char.IsAsciiDigit(text[at])))
            {
                return -1;
            }

            octets[n] = value;
        }

        return at;
    }

    private static bool IsPrivateHost(ReadOnlySpan<int> o) =>
        o[3] is not (0 or 255)
        && (o[0] == 10 || (o[0] == 172 && o[1] is >= 16 and <= 31) || (o[0] == 192 && o[1] == 168));
}
