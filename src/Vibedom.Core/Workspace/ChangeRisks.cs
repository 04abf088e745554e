namespace Vibedom.Core.Workspace;

/// <summary>
/// Why each change of a session runs code later or reaches outside the workspace: <see cref="RiskyPaths"/> for the
/// change alone, plus what only the whole change set over the workspace shows (the merged view): a folder git takes
/// for a repository, the repository's <c>core.hooksPath</c> folder, and a symlink that leaves the workspace through
/// other links. Build it from ALL the session's changes, even when only some are shown or applied.
/// </summary>
public sealed partial class ChangeRisks
{
    private readonly MergedView _view;
    private readonly IReadOnlyList<string> _hooksFolders;
    private readonly Dictionary<WorkspaceChange, string?> _reasons = new(ReferenceEqualityComparer.Instance);

    private ChangeRisks(MergedView view, IReadOnlyList<string> hooksFolders)
    {
        _view = view;
        _hooksFolders = hooksFolders;
    }

    /// <summary>The risks of <paramref name="changes"/> (all of the session's) over <paramref name="workspace"/>.</summary>
    public static ChangeRisks Assess(string workspace, IReadOnlyList<WorkspaceChange> changes)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspace));
        return new ChangeRisks(new MergedView(root, changes), HooksFolders.Of(root, changes));
    }

    /// <summary>Why this change runs code later, or null when it does not.</summary>
    public string? Reason(WorkspaceChange change)
    {
        if (!_reasons.TryGetValue(change, out var reason))
        {
            reason = RiskyPaths.Reason(change) ?? GitDirectoryReason(change.Path) ?? HooksReason(change.Path) ?? LinkReason(change);
            _reasons[change] = reason;
        }

        return reason;
    }

    private string? HooksReason(string path)
    {
        foreach (var folder in _hooksFolders)
        {
            var inside = folder.Length == 0
                ? !path.Contains('/', StringComparison.Ordinal) && GitHookNames.Contains(path)
                : path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);
            if (inside)
            {
                return "git hook: core.hooksPath names this folder; runs on the next git command";
            }
        }

        return null;
    }

    private static readonly HashSet<string> GitHookNames = new(StringComparer.Ordinal)
    {
        "applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit", "pre-merge-commit", "prepare-commit-msg",
        "commit-msg", "post-commit", "pre-rebase", "post-checkout", "post-merge", "pre-push", "pre-receive", "update",
        "proc-receive", "post-receive", "post-update", "reference-transaction", "push-to-checkout", "pre-auto-gc",
        "post-rewrite", "sendemail-validate", "fsmonitor-watchman", "p4-changelist", "p4-prepare-changelist",
        "p4-post-changelist", "p4-pre-submit", "post-index-change",
    };
}
