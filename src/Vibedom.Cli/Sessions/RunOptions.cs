namespace Vibedom.Cli.Sessions;

/// <summary>What the user asked of <c>vibedom run</c>.</summary>
internal sealed record RunOptions(
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
}
