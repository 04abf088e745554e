using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// A file an interpreter runs: one that starts with <c>#!</c>, or whose extension names a script language.
/// When such a file can only be shown as binary, its lines are hidden from the reviewer, so it is flagged.
/// </summary>
internal static class ScriptFile
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".sh", ".bash", ".zsh", ".ksh", ".csh", ".fish", ".command", ".py", ".pyw", ".rb", ".pl", ".pm", ".php",
        ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx", ".lua", ".tcl", ".r", ".awk", ".ps1", ".psm1",
        ".bat", ".cmd", ".vbs", ".applescript", ".groovy", ".gradle", ".kts", ".swift",
    };

    /// <summary>Why the new side of <paramref name="entry"/> is flagged: a script whose lines the review cannot show; else null.</summary>
    public static string? HiddenReason(DiffEntry entry)
    {
        // NewBinary was sniffed when the entry was built: the file is not read a second time for the verdict
        if (!entry.NewBinary || entry.Change.Refused is not null || entry.Change.After is not { Type: EntryType.File } after || !IsScript(entry.Path, after))
        {
            return null;
        }

        return "script shown as binary (NUL bytes in text that is not UTF-8, unreadable, or over 8 MiB): it runs code and this review cannot show its lines";
    }

    public static bool IsScript(string path, EntryState file)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        return (dot > 0 && Extensions.Contains(name[dot..])) || StartsWithShebang(file);
    }

    private static bool StartsWithShebang(EntryState file)
    {
        try
        {
            using var stream = RegularFile.OpenRead(file.ContentPath, 1);
            Span<byte> head = stackalloc byte[2];
            return stream.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head[0] == '#' && head[1] == '!';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
