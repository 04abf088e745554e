namespace Vibedom.Core.Workspace;

/// <summary>Folders git takes for a repository wherever they are (git's is_git_directory), not only <c>.git</c>.</summary>
public sealed partial class ChangeRisks
{
    private readonly Dictionary<string, bool> _gitDirectories = new(StringComparer.Ordinal);

    /// <summary>
    /// A change in (or of) a folder that, in the merged view, holds HEAD and objects/ and refs/ (or a commondir):
    /// git run in or below it takes it for a bare repository before looking further up, reads its config
    /// (core.fsmonitor, hooks) and runs its hooks. <c>mv .git foo</c> makes one too.
    /// </summary>
    private string? GitDirectoryReason(string path)
    {
        for (var folder = path; ; folder = folder.LastIndexOf('/') is var slash && slash < 0 ? string.Empty : folder[..slash])
        {
            if (IsGitDirectory(folder))
            {
                return folder.Length == 0
                    ? "the workspace looks like a git repository (HEAD, objects/, refs/): git reads its config and runs its hooks"
                    : $"inside a folder git takes for a repository ({folder}: HEAD, objects/, refs/): git run there reads its config and runs its hooks";
            }

            if (folder.Length == 0)
            {
                return null;
            }
        }
    }

    private bool IsGitDirectory(string folder)
    {
        if (!_gitDirectories.TryGetValue(folder, out var git))
        {
            var prefix = folder.Length == 0 ? string.Empty : folder + "/";
            git = _view.IsFolderLike(folder) && _view.IsFileLike(prefix + "HEAD") &&
                ((_view.IsFolderLike(prefix + "objects") && _view.IsFolderLike(prefix + "refs")) || _view.IsFileLike(prefix + "commondir"));
            _gitDirectories[folder] = git;
        }

        return git;
    }
}
