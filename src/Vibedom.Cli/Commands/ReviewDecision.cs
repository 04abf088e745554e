namespace Vibedom.Cli.Commands;

/// <summary>What to do with a session's changes once it ends.</summary>
internal enum ReviewDecision
{
    /// <summary>Show the diff and ask per file (on a terminal); otherwise keep.</summary>
    Ask,
    Apply,
    Discard,
    Keep,
}
