namespace Vibedom.Runtimes.Namespace;

/// <summary>The real and effective ids of this process, read from /proc/self/status.</summary>
internal static class HostIdentity
{
    public static int EffectiveUid => ReadId("Uid:", 1);

    public static int RealUid => ReadId("Uid:", 0);

    private static int ReadId(string key, int index)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var parts = line[key.Length..].Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries);
                return int.Parse(parts[index], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
