namespace Vibedom.Scanning.Sources;

/// <summary>Reads <c>.vibedomignore</c> / <c>.gitleaksignore</c>: one fingerprint or short hash a line, <c>#</c> comments.</summary>
public static class IgnoreFile
{
    public static readonly string[] Names = [".vibedomignore", ".gitleaksignore"];

    /// <summary>Larger than this, an ignore file is refused: it is a short list, and a huge one is a trap (a link to /dev/zero).</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>
    /// Every entry of the ignore files found directly in <paramref name="root"/>, each opened by
    /// <paramref name="openRegular"/>, which must open regular files only and never follow a symlink (IOException else).
    /// </summary>
    /// <exception cref="IgnoreFileException">An ignore file is a symlink, not a regular file, unreadable, or over <see cref="MaxBytes"/>.</exception>
    public static HashSet<string> LoadFrom(string root, Func<string, Stream> openRegular)
    {
        var entries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var path = Path.Combine(root, name);
            if (!Path.Exists(path) && new FileInfo(path).LinkTarget is null)
            {
                continue;
            }

            Add(entries, Read(path, openRegular).Split('\n'));
        }

        return entries;
    }

    private static string Read(string path, Func<string, Stream> openRegular)
    {
        try
        {
            using var stream = openRegular(path);
            var buffer = new byte[MaxBytes + 1];
            var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (length > MaxBytes)
            {
                throw new IgnoreFileException($"the ignore file {path} is larger than {MaxBytes / (1 << 20)} MiB; shorten or remove it (nothing was scanned)");
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IgnoreFileException($"{e.Message}: an ignore file must be a regular file, not a symlink (nothing was scanned)", e);
        }
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
