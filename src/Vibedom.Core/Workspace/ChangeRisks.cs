namespace Vibedom.Core.Workspace;

/// <summary>
/// Why each change of a session runs code later or reaches outside the workspace: <see cref="RiskyPaths"/> for the
/// change alone, plus what only the whole change set over the workspace shows (the merged view): a folder git takes
/// for a repository, the repository's <c>core.hooksPath</c> folder, a symlink that leaves the workspace through
/// other links, and a change that makes a link of the workspace leave it. Build it from ALL the session's changes, even when only some are shown or applied.
/// </summary>
public sealed partial class ChangeRisks
{
    private readonly string _root;
    private readonly IReadOnlyList<WorkspaceChange> _changes;
    private readonly MergedView _view;
    private readonly HooksFolders _hooks;
    private readonly Dictionary<WorkspaceChange, string?> _reasons = new(ReferenceEqualityComparer.Instance);
    private Dictionary<string, WorkspaceChange>? _renamedFrom;

    private ChangeRisks(string root, IReadOnlyList<WorkspaceChange> changes, MergedView view, HooksFolders hooks)
    {
        _root = root;
        _changes = changes;
        _view = view;
        _hooks = hooks;
    }

    /// <summary>The risks of <paramref name="changes"/> (all of the session's) over <paramref name="workspace"/>.</summary>
    public static ChangeRisks Assess(string workspace, IReadOnlyList<WorkspaceChange> changes)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspace));
        var view = new MergedView(root, changes);
        return new ChangeRisks(root, changes, view, HooksFolders.Of(root, view));
    }

    /// <summary>
    /// Why this change runs code later, or null when it does not. A rename is one change (shown, chosen and applied whole):
    /// its new path carries the reason of the path it leaves too, or moving <c>.npmrc</c> away would read as harmless.
    /// </summary>
    public string? Reason(WorkspaceChange change)
    {
        if (!_reasons.TryGetValue(change, out var reason))
        {
            reason = RiskyPaths.Reason(change) ?? GitDirectoryReason(change.Path) ?? HooksReason(change.Path) ?? LinkReason(change) ?? RedirectReason(change)
                ?? (RenamedFrom(change) is { } from && Reason(from) is { } left ? $"renamed from {from.Path}: {left}" : null);
            _reasons[change] = reason;
        }

        return reason;
    }

    /// <summary>The deleted half of the rename <paramref name="change"/> is the new path of, among the session's changes.</summary>
    private WorkspaceChange? RenamedFrom(WorkspaceChange change)
    {
        if (change.Rename is not { } rename)
        {
            return null;
        }

        _renamedFrom ??= _changes.Where(c => c.RenamedTo is not null).GroupBy(c => c.RenamedTo!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return _renamedFrom.GetValueOrDefault(change.Path) is { } from && from.Path == rename.Path ? from : null;
    }

    private string? HooksReason(string path)
    {
        if (_hooks.Unsure && GitHookNames.Contains(path[(path.LastIndexOf('/') + 1)..]))
        {
            return "git hook name: a git config vibedom cannot read with certainty (a link, an include it cannot follow) may name this folder as core.hooksPath";
        }

        foreach (var folder in _hooks.Folders)
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
