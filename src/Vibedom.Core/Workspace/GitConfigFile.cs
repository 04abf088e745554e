using System.Text;
using Vibedom.Core.Ssh;

namespace Vibedom.Core.Workspace;

/// <summary>
/// The values of one variable in a git config file and in every file it includes (<c>include.path</c>, and
/// <c>includeIf.*.path</c> whatever its condition: a condition vibedom does not evaluate may hold), parsed by git's
/// own rules (<see cref="GitConfigText"/>). Paths are where git would read them ("logical"); a versions function says
/// which files hold their content (for the workspace: as it is now, and as the agent left it). Each is read as a
/// regular file, never through a symlink, at most <see cref="MaxBytes"/>, includes at most <see cref="MaxDepth"/> deep
/// (git's limit). Whatever cannot be read that way (a symlink, a fifo, a larger file, a deeper include, text this
/// parser is not sure of) makes the answer <see cref="GitConfigValues.Unsure"/>: the variable may hold anything.
/// </summary>
internal static class GitConfigFile
{
    public const int MaxBytes = 1 << 20;

    /// <summary>git's MAX_INCLUDE_DEPTH.</summary>
    public const int MaxDepth = 10;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Every value of <paramref name="key"/> (lower case, <c>section.name</c>) in <paramref name="file"/> and what it
    /// includes. <paramref name="versions"/> maps a logical path to the files holding its content (null: something is
    /// there that must not be read); by default the path itself.
    /// </summary>
    public static GitConfigValues Read(string file, string key, Func<string, IEnumerable<string?>>? versions = null)
    {
        var values = new List<string>();
        var unsure = !Read(file, key, versions ?? (path => [path]), depth: 0, values);
        return new GitConfigValues(values, unsure);
    }

    /// <summary>The values of <paramref name="key"/> in <paramref name="text"/> alone, includes not followed; null when unsure.</summary>
    public static IReadOnlyList<string>? Parse(string text, string key) =>
        GitConfigText.TryParseWithIncludes(text)?.Where(e => e.Key == key && e.Value is not null).Select(e => e.Value!).ToList();

    /// <summary>False when something could not be read with certainty.</summary>
    private static bool Read(string file, string key, Func<string, IEnumerable<string?>> versions, int depth, List<string> values)
    {
        var sure = true;
        foreach (var content in versions(file))
        {
            var text = content is null ? null : Text(content);
            if (text is { Found: false })
            {
                continue; // nothing there: git skips a missing file, included or not
            }

            if (text is not { } found || GitConfigText.TryParseWithIncludes(found.Value) is not { } entries)
            {
                sure = false;
                continue;
            }

            foreach (var (name, value) in entries)
            {
                if (name == key && value is not null)
                {
                    values.Add(value);
                }
                else if (IsInclude(name))
                {
                    sure &= depth < MaxDepth && Included(file, value) is { } included && Read(included, key, versions, depth + 1, values);
                }
            }
        }

        return sure;
    }

    private static bool IsInclude(string name) =>
        name == "include.path" || (name.StartsWith("includeif.", StringComparison.Ordinal) && name.EndsWith(".path", StringComparison.Ordinal));

    /// <summary>The logical path an include names (relative to the including file's folder, <c>~/</c> from HOME); null when it cannot be told.</summary>
    private static string? Included(string file, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null; // git: a bare or empty include path is an error, or ignored; not sure either way
        }

        if (value.StartsWith("~/", StringComparison.Ordinal) || value == "~")
        {
            return Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? Path.GetFullPath(Path.Combine(home, value.TrimStart('~').TrimStart('/'))) : null;
        }

        return value.StartsWith('~') ? null : Path.GetFullPath(value, Path.GetDirectoryName(file)!);
    }

    /// <summary>The text of <paramref name="content"/>: not found (nothing there: git skips it), or its text, or null (not a regular file, too large, unreadable).</summary>
    private static (bool Found, string Value)? Text(string content)
    {
        if (FileStat.Of(content) is not { } stat)
        {
            return (false, string.Empty);
        }

        if (stat.Type != EntryType.File || stat.Size > MaxBytes)
        {
            return null;
        }

        try
        {
            using var stream = RegularFile.OpenRead(content);
            // one byte more than its size: a file that grew while it was read is not read with certainty
            var buffer = new byte[stat.Size + 1];
            var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (length == buffer.Length)
            {
                return null;
            }

            var bom = buffer.AsSpan(0, length).StartsWith(Utf8Bom) ? 3 : 0;
            return (true, new UTF8Encoding(false, false).GetString(buffer, bom, length - bom));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
