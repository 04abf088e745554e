using System.Globalization;

namespace Vibedom.Cli.Rendering;

/// <summary>"42s", "5m", "3h", "2d": how long ago, for tables.</summary>
internal static class Age
{
    public static string Format(long seconds) => seconds switch
    {
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, seconds)}s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}m"),
        < 86400 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400}d"),
    };
}
