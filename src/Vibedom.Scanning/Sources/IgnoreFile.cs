namespace Vibedom.Scanning.Sources;

/// <summary>Reads <c>.vibedomignore</c> / <c>.gitleaksignore</c>: one fingerprint or short hash a line, <c>#</c> comments.</summary>
public static class IgnoreFile
{
    public static readonly string[] Names = [".vibedomignore", ".gitleaksignore"];

    /// <summary>Every entry of the ignore files found directly in <paramref name="root"/>.</summary>
    public static HashSet<string> LoadFrom(string root)
    {
        var entries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var path = Path.Combine(root, name);
            if (File.Exists(path))
            {
                Add(entries, File.ReadLines(path));
            }
        }

        return entries;
    }

    public static void Add(HashSet<string> entries, IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(':');
            if (parts.Length == 3)
            {
                parts[0] = parts[0].Replace('\\', '/');
            }
            else if (parts.Length == 4)
            {
                parts[1] = parts[1].Replace('\\', '/');
            }

            entries.Add(string.Join(':', parts));
        }
    }
}
