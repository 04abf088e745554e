namespace Vibedom.Core.Workspace;

/// <summary>
/// A file's content when the session started, the base of a conflict: its text, its SHA-256 (the manifest's) and
/// where it was found: <c>kept</c> (<see cref="StartStore"/>) or <c>git-head</c> (<see cref="StartVersion"/>).
/// </summary>
public sealed record StartContent(string Text, string Sha256, string Source)
{
    public const string Kept = "kept";

    public const string GitHead = "git-head";
}
