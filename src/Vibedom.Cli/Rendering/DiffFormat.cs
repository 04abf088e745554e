using System.Globalization;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Rendering;

/// <summary>Small shared wording: modes in octal as git prints them, sizes, kinds.</summary>
internal static class DiffFormat
{
    /// <summary>git's mode: 100644 / 100755 for files, 120000 for symlinks, 40755 for directories.</summary>
    public static string Mode(EntryState state) =>
        state.Type == EntryType.Symlink ? "120000" : Convert.ToString(TypeBits(state.Type) | (int)state.Mode, 8);

    public static string Permissions(EntryState state) => Convert.ToString((int)state.Mode, 8).PadLeft(3, '0');

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };

    public static string Kind(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => "added",
        ChangeKind.Deleted => "deleted",
        _ => "modified",
    };

    /// <summary>As <see cref="Kind(ChangeKind)"/>, and "renamed" for a file the agent renamed (<see cref="WorkspaceChange.Rename"/>).</summary>
    public static string Kind(WorkspaceChange change) => change.Rename is null ? Kind(change.Kind) : "renamed";

    /// <summary>As <see cref="Letter(ChangeKind)"/>, and R for a rename (git's letter).</summary>
    public static char Letter(WorkspaceChange change) => change.Rename is null ? Letter(change.Kind) : 'R';

    /// <summary>What the path held before the agent: for a rename the file it left (<see cref="WorkspaceChange.Rename"/>), else <see cref="WorkspaceChange.Before"/>.</summary>
    public static EntryState? Before(WorkspaceChange change) => change.Rename?.Before ?? change.Before;

    /// <summary>The permission bits differ between <see cref="Before(WorkspaceChange)"/> and the agent's entry (a rename's too: its own two sides are added and deleted).</summary>
    public static bool ModeChanged(WorkspaceChange change) =>
        change.Rename is { } rename ? change.After is { } after && Permissions(rename.Before) != Permissions(after) : change.ModeChanged;

    public static string Type(EntryType type) => type switch
    {
        EntryType.File => "file",
        EntryType.Directory => "directory",
        EntryType.Symlink => "symlink",
        _ => "special",
    };

    public static char Letter(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => 'A',
        ChangeKind.Deleted => 'D',
        _ => 'M',
    };

    private static int TypeBits(EntryType type) => type switch
    {
        EntryType.Directory => 0x4000,
        EntryType.Symlink => 0xa000,
        _ => 0x8000,
    };
}
