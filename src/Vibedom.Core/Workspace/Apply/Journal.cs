using System.Text.Json;

namespace Vibedom.Core.Workspace.Apply;

/// <summary>
/// The undo journal of one apply, <c>applied/&lt;n&gt;/journal.json</c>, written (with every backup) before
/// the workspace is touched and rewritten when the apply ends. <c>vibedom undo</c> replays it backwards.
/// </summary>
public sealed record Journal
{
    public const string FileName = "journal.json";

    public required int Number { get; init; }

    public required string Workspace { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>pending (workspace being changed), complete, failed, or undone.</summary>
    public required string State { get; set; }

    public required List<JournalEntry> Entries { get; init; }

    public static Journal? Read(string directory)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(directory, FileName)), JournalJsonContext.Default.Journal);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes journal.json atomically and durably (temp + fsync + rename + fsync of the folder).</summary>
    public void Write(string directory)
    {
        var file = Path.Combine(directory, FileName);
        var temp = file + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this, JournalJsonContext.Default.Journal);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, file, overwrite: true);
        Native.LibC.FsyncDirectory(directory);
    }

    /// <summary>The journals under <paramref name="appliedDirectory"/>, oldest first.</summary>
    public static IReadOnlyList<(string Directory, Journal Journal)> All(string appliedDirectory)
    {
        if (!Directory.Exists(appliedDirectory))
        {
            return [];
        }

        return Directory.EnumerateDirectories(appliedDirectory)
            .Select(d => (Directory: d, Journal: Read(d)))
            .Where(x => x.Journal is not null)
            .Select(x => (x.Directory, x.Journal!))
            .OrderBy(x => x.Item2.Number)
            .ToList();
    }

    /// <summary>Paths applied by journals that were not undone (they are no longer offered for review).</summary>
    public static HashSet<string> AppliedPaths(string appliedDirectory) =>
        All(appliedDirectory)
            .Where(x => x.Journal.State != "undone")
            .SelectMany(x => x.Journal.Entries.Where(e => e.Done).Select(e => e.Path))
            .ToHashSet(StringComparer.Ordinal);
}
