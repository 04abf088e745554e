using System.Text;

namespace Vibedom.Scanning.Detection;

/// <summary>Shannon entropy as gitleaks computes it: counts per code point, divided by the UTF-8 length.</summary>
public static class Entropy
{
    public static double Shannon(string data)
    {
        if (data.Length == 0)
        {
            return 0;
        }

        var counts = new Dictionary<int, int>();
        foreach (var rune in data.EnumerateRunes())
        {
            counts[rune.Value] = counts.GetValueOrDefault(rune.Value) + 1;
        }

        var inv = 1.0 / Encoding.UTF8.GetByteCount(data);
        var entropy = 0.0;
        foreach (var count in counts.Values)
        {
            var freq = count * inv;
            entropy -= freq * Math.Log2(freq);
        }

        return entropy;
    }
}
