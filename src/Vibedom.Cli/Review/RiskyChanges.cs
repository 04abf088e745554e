namespace Vibedom.Cli.Review;

/// <summary>
/// What an apply of "everything" does with the changes that can run code later (flagged by
/// <see cref="Core.Workspace.RiskyPaths"/>): never applied by one keystroke or one flag alone.
/// </summary>
internal enum RiskyChanges
{
    /// <summary><c>apply --yes</c>, <c>stop --apply</c>: left in the session, listed as skipped.</summary>
    Skip,

    /// <summary>At a terminal: one explicit confirmation (typing <c>yes</c>) listing them, else skipped.</summary>
    Confirm,

    /// <summary><c>--include-risky</c>: applied like the rest.</summary>
    Include,
}
