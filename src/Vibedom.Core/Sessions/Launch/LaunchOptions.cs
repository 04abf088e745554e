namespace Vibedom.Core.Sessions.Launch;

/// <summary>What the user asked of <c>vibedom run</c>.</summary>
public sealed record LaunchOptions(
    string Workspace,
    IReadOnlyList<string> Command,
    string? Runtime,
    bool Detach,
    bool Yes,
    bool AllowHighRisk,
    string? Name)
{
    /// <summary><c>--all</c>: the pre-flight scans vendored folders too.</summary>
    public bool IncludeVendored { get; init; }

    /// <summary><c>--hide-flagged</c>: every file the pre-flight flags is hidden from the agent, without asking.</summary>
    public bool HideFlagged { get; init; }

    /// <summary>
    /// Any of vibedom's stdin, stdout, stderr is a terminal: a foreground sandbox gets a pseudo-terminal of its own in
    /// place of each that is (the others are vibedom's, as they are).
    /// </summary>
    public bool AtTerminal { get; init; }
}
