using System.Globalization;

namespace Vibedom.Core.Limits;

/// <summary>Sizes as people write them in config ("512M", "8G", "1.5GiB", or a plain number of bytes) and as vibedom prints them.</summary>
public static class ByteSize
{
    private const long Kib = 1024;

    /// <summary>Parses a size with an optional binary suffix K, M, G or T (KiB/KB and friends mean the same); null when malformed.</summary>
    public static long? Parse(string text)
    {
        var t = text.Trim();
        var end = t.Length;
        while (end > 0 && char.IsAsciiLetter(t[end - 1]))
        {
            end--;
        }

        var unit = t[end..].ToUpperInvariant() switch
        {
            "" or "B" => 1L,
            "K" or "KB" or "KIB" => Kib,
            "M" or "MB" or "MIB" => Kib * Kib,
            "G" or "GB" or "GIB" => Kib * Kib * Kib,
            "T" or "TB" or "TIB" => Kib * Kib * Kib * Kib,
            _ => 0L,
        };
        if (unit == 0 || !decimal.TryParse(t[..end].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var bytes = number * unit;
        return bytes is < 1 or > long.MaxValue / 2 ? null : (long)bytes;
    }

    /// <summary>"512 MiB", "8 GiB", "1.5 GiB", "4096 bytes".</summary>
    public static string Format(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        var value = (double)bytes;
        var i = 0;
        while (value >= 1024 && i < units.Length - 1)
        {
            value /= 1024;
            i++;
        }

        return i == 0 ? $"{bytes} bytes" : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(value, 1)} {units[i]}");
    }
}
