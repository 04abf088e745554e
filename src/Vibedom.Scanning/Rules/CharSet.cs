using System.Globalization;
using System.Text;

namespace Vibedom.Scanning.Rules;

/// <summary>A character class being translated: code point ranges plus .NET tokens such as <c>\p{L}</c>.</summary>
internal sealed class CharSet
{
    private const int MaxBmp = 0xFFFF;
    private readonly List<(int Lo, int Hi)> _ranges = [];
    private readonly List<string> _tokens = [];

    /// <summary>True when the class names a non-ASCII char itself (not merely as part of a complement).</summary>
    public bool NamesNonAscii { get; private set; }

    public void Add(int lo, int hi)
    {
        NamesNonAscii |= hi >= 128;
        _ranges.Add((lo, hi));
    }

    public void AddToken(string token)
    {
        NamesNonAscii = true;
        _tokens.Add(token);
    }

    public void AddRanges(IEnumerable<(int Lo, int Hi)> ranges, bool negate)
    {
        if (!negate)
        {
            _ranges.AddRange(ranges);
            return;
        }

        var next = 0;
        foreach (var (lo, hi) in ranges.OrderBy(r => r.Lo))
        {
            if (lo > next)
            {
                _ranges.Add((next, lo - 1));
            }

            next = Math.Max(next, hi + 1);
        }

        if (next <= 0x10FFFF)
        {
            _ranges.Add((next, 0x10FFFF));
        }
    }

    public string ToNetClass(bool negated)
    {
        var sb = new StringBuilder("[");
        if (negated)
        {
            sb.Append('^');
        }

        var any = false;
        foreach (var (lo, rawHi) in _ranges)
        {
            if (lo > MaxBmp)
            {
                continue; // astral code points: .NET sees them as surrogate pairs; documented deviation
            }

            var hi = Math.Min(rawHi, MaxBmp);
            Append(sb, lo);
            if (hi != lo)
            {
                sb.Append('-');
                Append(sb, hi);
            }

            any = true;
        }

        foreach (var token in _tokens)
        {
            sb.Append(token);
            any = true;
        }

        if (!any)
        {
            // the empty class matches nothing; negated, it matches everything
            return negated ? @"[\u0000-\uffff]" : @"[^\u0000-\uffff]";
        }

        return sb.Append(']').ToString();
    }

    private static void Append(StringBuilder sb, int cp)
    {
        if (cp < 128 && (char.IsAsciiLetterOrDigit((char)cp) || cp == '_'))
        {
            sb.Append((char)cp);
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\u{cp:x4}");
        }
    }
}
