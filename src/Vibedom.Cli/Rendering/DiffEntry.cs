using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// A change ready to show: its text hunks (or, for binary files, sizes and SHA-256 of both sides), the lines
/// added and removed, why it runs code later (if it does) and why it cannot be applied (if it cannot).
/// </summary>
internal sealed record DiffEntry(WorkspaceChange Change)
{
    /// <summary>How much was computed: hunks only at <see cref="DiffDepth.Hunks"/>, line counts from <see cref="DiffDepth.Counts"/>.</summary>
    public DiffDepth Depth { get; init; } = DiffDepth.Hunks;

    public bool Binary { get; init; }

    /// <summary>
    /// The agent's side is a regular file that can only be shown as binary (<see cref="ContentSniffer.IsBinary"/>),
    /// sniffed once when the entry was built, even for a mode-only change whose content is not shown.
    /// </summary>
    public bool NewBinary { get; init; }

    public IReadOnlyList<DiffHunk> Hunks { get; init; } = [];

    public int Added { get; init; }

    public int Removed { get; init; }

    public string? OldHash { get; init; }

    public string? NewHash { get; init; }

    public string? Risk { get; init; }

    public string? Conflict { get; init; }

    /// <summary>
    /// A conflicted text file's content when the session started, when it is known (<see cref="Core.Workspace.StartVersion"/>):
    /// then <see cref="Hunks"/> are the agent's changes from it and <see cref="YourHunks"/> the user's.
    /// </summary>
    public StartContent? Start { get; init; }

    /// <summary>Only with <see cref="Start"/>: what the user changed in the workspace since the session started.</summary>
    public IReadOnlyList<DiffHunk> YourHunks { get; init; } = [];

    /// <summary>Only with <see cref="Start"/>: the lines the user added since the session started (<see cref="Added"/> is then the agent's).</summary>
    public int YourAdded { get; init; }

    /// <summary>Only with <see cref="Start"/>: the lines the user removed since the session started.</summary>
    public int YourRemoved { get; init; }

    /// <summary>
    /// A text file the user changed and the agent changed or deleted: shown as yours against the agent's (or against
    /// the start), never as the agent removing the user's lines.
    /// </summary>
    public bool BothChanged => Conflict is not null && Change.Refused is null && !Binary && OldSide is { Type: EntryType.File }
        && ((Change.Kind == ChangeKind.Modified && Change.ContentChanged && Change.After is { Type: EntryType.File }) || Change.Kind == ChangeKind.Deleted
            || (Change.Rename is not null && Change.After is { Type: EntryType.File }));

    /// <summary>The workspace's side: the path itself, or for a rename the file it was renamed from.</summary>
    public EntryState? OldSide => Change.Rename?.Before ?? Change.Before;

    /// <summary>The path as the session started: the path itself, or for a rename the path it was renamed from.</summary>
    public string StartPath => Change.Rename?.Path ?? Change.Path;

    /// <summary>The agent deleted the file the user changed.</summary>
    public bool AgentDeleted => Change.Kind == ChangeKind.Deleted;

    /// <summary>Why the line diff is not shown (too many lines, or too costly to compute); the sizes say how much changed.</summary>
    public string? TooLarge { get; init; }

    /// <summary>Not read as text because the whole diff reached its budget (<see cref="DiffBudget"/>); <see cref="TooLarge"/> says so.</summary>
    public bool Elided { get; init; }

    public string Path => Change.Path;

    /// <summary>The path as printed: control and invisible characters escaped (<see cref="TerminalText.Escape(string)"/>).</summary>
    public string Shown => TerminalText.Escape(Change.Path);

    /// <summary>The path as listed: a rename as <c>old -> new</c>, each escaped.</summary>
    public string Title => Change.Rename is { } from ? $"{TerminalText.Escape(from.Path)} -> {Shown}" : Shown;

    /// <summary>Some content line holds a character that is printed escaped: the printed diff is not the file's bytes.</summary>
    public bool ContentEscaped { get; init; }
}
