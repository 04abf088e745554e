using System.Text;

namespace Vibedom.Core.Workspace;

/// <summary>
/// Reads the values of one variable from a git config file, as git parses it (sections and keys case-insensitive,
/// quotes, escapes, comments, a variable on the section's line). Regular files only, never through a symlink,
/// at most <see cref="MaxBytes"/> read; <c>include</c> directives are not followed.
/// </summary>
internal static class GitConfigFile
{
    public const int MaxBytes = 1 << 20;

    /// <summary>Every value of <paramref name="section"/>.<paramref name="key"/> (no subsection) in <paramref name="file"/>; none when it cannot be read.</summary>
    public static IReadOnlyList<string> Values(string file, string section, string key)
    {
        string text;
        try
        {
            using var stream = RegularFile.OpenRead(file);
            var buffer = new byte[MaxBytes];
            var length = stream.ReadAtLeast(buffer, MaxBytes, throwOnEndOfStream: false);
            text = Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        return Parse(text, section, key);
    }

    public static IReadOnlyList<string> Parse(string text, string section, string key)
    {
        var values = new List<string>();
        var current = string.Empty;
        foreach (var raw in Lines(text))
        {
            var line = raw.TrimStart();
            if (line.StartsWith('['))
            {
                var end = line.IndexOf(']', StringComparison.Ordinal);
                if (end < 0)
                {
                    continue;
                }

                current = line[1..end].Trim();
                line = line[(end + 1)..].TrimStart();
            }

            if (line.Length == 0 || line[0] is '#' or ';' || !current.Equals(section, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && line[..equals].Trim().Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(Value(line[(equals + 1)..]));
            }
        }

        return values;
    }

    /// <summary>Lines, a trailing backslash joining the next one.</summary>
    private static IEnumerable<string> Lines(string text)
    {
        var pending = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.EndsWith('\\') && !trimmed.EndsWith(@"\\", StringComparison.Ordinal))
            {
                pending.Append(trimmed, 0, trimmed.Length - 1);
                continue;
            }

            pending.Append(trimmed);
            yield return pending.ToString();
            pending.Clear();
        }
    }

    private static string Value(string raw)
    {
        var value = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '#' or ';')
            {
                break;
            }
            else if (c == '\\' && i + 1 < raw.Length)
            {
                i++;
                value.Append(raw[i] switch { 'n' => '\n', 't' => '\t', 'b' => '\b', var other => other });
            }
            else
            {
                value.Append(c);
            }
        }

        return value.ToString().Trim();
    }
}
