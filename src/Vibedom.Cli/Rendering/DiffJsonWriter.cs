using System.Text;
using System.Text.Json;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// <c>vibedom diff --json</c>, a stable shape (new fields may be added, none renamed or removed):
/// <code>
/// { "session": id, "workspace": path,
///   "changes": [ { "path", "kind": added|modified|deleted|renamed, "type": file|directory|symlink|special,
///                  for a rename (one change: the old path deleted, the new one added, applied together):
///                  "old_path", "similarity" (percent; 100: the same content), "old_*" then describe the old path,
///                  "binary", "content_changed", "mode_changed", "old_mode", "new_mode" (octal strings or null),
///                  "old_size", "new_size", "old_sha256", "new_sha256" (files; null otherwise),
///                  "old_link_target", "new_link_target", "added_lines", "removed_lines",
///                  "note", "risk" (why it runs code later, or null), "conflict" (why apply refuses it, or null),
///                  for a text file both changed: "start" (kept|git-head, or null: the base is not known), "start_sha256",
///                  "your_added_lines", "your_removed_lines" (the user's, against the start; "added_lines" and
///                  "removed_lines" are then the agent's, against the start too) } ],
///   "summary": { "changes", "added", "modified", "deleted", "renamed", "insertions", "deletions", "risky", "conflicts" } }
/// </code>
/// </summary>
internal static class DiffJsonWriter
{
    public static string Write(string sessionId, string workspace, IReadOnlyList<DiffEntry> entries)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("session", sessionId);
            json.WriteString("workspace", workspace);
            json.WriteStartArray("changes");
            foreach (var entry in entries)
            {
                WriteEntry(json, entry);
            }

            json.WriteEndArray();
            json.WriteStartObject("summary");
            json.WriteNumber("changes", entries.Count);
            json.WriteNumber("added", entries.Count(e => e.Change.Kind == ChangeKind.Added && e.Change.Rename is null));
            json.WriteNumber("modified", entries.Count(e => e.Change.Kind == ChangeKind.Modified));
            json.WriteNumber("deleted", entries.Count(e => e.Change.Kind == ChangeKind.Deleted));
            json.WriteNumber("renamed", entries.Count(e => e.Change.Rename is not null));
            json.WriteNumber("insertions", entries.Sum(e => e.Added));
            json.WriteNumber("deletions", entries.Sum(e => e.Removed));
            json.WriteNumber("risky", entries.Count(e => e.Risk is not null));
            json.WriteNumber("conflicts", entries.Count(e => e.Conflict is not null));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteEntry(Utf8JsonWriter json, DiffEntry entry)
    {
        var change = entry.Change;
        json.WriteStartObject();
        // a name that is not UTF-8 cannot be a JSON string: its bytes are written as \xNN and flagged
        json.WriteString("path", NameEscaping.WithByteEscapes(change.Path));
        if (NameEscaping.HasRawBytes(change.Path))
        {
            json.WriteBoolean("path_not_utf8", true);
        }

        json.WriteString("kind", DiffFormat.Kind(change));
        if (change.Rename is { } rename)
        {
            json.WriteString("old_path", NameEscaping.WithByteEscapes(rename.Path));
            json.WriteNumber("similarity", rename.Similarity);
        }

        json.WriteString("type", DiffFormat.Type(change.Type));
        json.WriteBoolean("binary", entry.Binary);
        var before = DiffFormat.Before(change);
        var oldHash = before is { Type: EntryType.File } b ? entry.OldHash ?? ContentHash.TryOf(b.ContentPath) : null;
        var newHash = change.After is { Type: EntryType.File } a ? entry.NewHash ?? ContentHash.TryOf(a.ContentPath) : null;
        // a rename's content changed when the file it left and the one it made differ (unreadable: said to have changed)
        var renameChanged = before?.Type != change.After?.Type
            || (change.After?.Type == EntryType.File ? oldHash is null || oldHash != newHash : before?.LinkTarget != change.After?.LinkTarget);
        json.WriteBoolean("content_changed", change.Rename is null ? change.Kind != ChangeKind.Modified || change.ContentChanged : renameChanged);
        json.WriteBoolean("mode_changed", DiffFormat.ModeChanged(change));
        WriteNullable(json, "old_mode", before is null ? null : DiffFormat.Permissions(before));
        WriteNullable(json, "new_mode", change.After is null ? null : DiffFormat.Permissions(change.After));
        WriteSize(json, "old_size", before);
        WriteSize(json, "new_size", change.After);
        WriteNullable(json, "old_sha256", oldHash);
        WriteNullable(json, "new_sha256", newHash);
        WriteNullable(json, "old_link_target", before?.LinkTarget);
        WriteNullable(json, "new_link_target", change.After?.LinkTarget);
        json.WriteNumber("added_lines", entry.Added);
        json.WriteNumber("removed_lines", entry.Removed);
        WriteNullable(json, "note", change.Note);
        WriteNullable(json, "risk", entry.Risk);
        WriteNullable(json, "conflict", entry.Conflict);
        if (entry.BothChanged)
        {
            WriteNullable(json, "start", entry.Start?.Source);
            WriteNullable(json, "start_sha256", entry.Start?.Sha256);
            WriteCount(json, "your_added_lines", entry.Start is null ? null : entry.YourAdded);
            WriteCount(json, "your_removed_lines", entry.Start is null ? null : entry.YourRemoved);
        }

        WriteNullable(json, "refused", change.Refused);
        WriteNullable(json, "too_large", entry.TooLarge);
        json.WriteEndObject();
    }

    private static void WriteSize(Utf8JsonWriter json, string name, EntryState? state)
    {
        if (state is { Type: EntryType.File })
        {
            json.WriteNumber(name, state.Size);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteCount(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } count)
        {
            json.WriteNumber(name, count);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
