namespace Vibedom.Core.Workspace;

/// <summary>Folders git takes for a repository wherever they are (git's is_git_directory), not only <c>.git</c>.</summary>
public sealed partial class ChangeRisks
{
    private FolderFold<string?>? _gitDirectories;

    /// <summary>
    /// A change in (or of) a folder that, in the merged view, holds HEAD and objects/ and refs/ (or a commondir):
    /// git run in or below it takes it for a bare repository before looking further up, reads its config
    /// (core.fsmonitor, hooks) and runs its hooks. <c>mv .git foo</c> makes one too.
    /// </summary>
    private string? GitDirectoryReason(string path)
    {
        // the deepest such folder at or above each path, each folder judged once
        _gitDirectories ??= new FolderFold<string?>(IsGitDirectory(string.Empty) ? string.Empty : null, (folder, above) => IsGitDirectory(folder) ? folder : above);
        return _gitDirectories.Of(path) switch
        {
            null => null,
            "" => "the workspace looks like a git repository (HEAD, objects/, refs/): git reads its config and runs its hooks",
            var folder => $"inside a folder git takes for a repository ({folder}: HEAD, objects/, refs/): git run there reads its config and runs its hooks",
        };
    }

    private bool IsGitDirectory(string folder)
    {
        var prefix = folder.Length == 0 ? string.Empty : folder + "/";
        return _view.IsFolderLike(folder) && _view.IsFileLike(prefix + "HEAD") &&
            ((_view.IsFolderLike(prefix + "objects") && _view.IsFolderLike(prefix + "refs")) || _view.IsFileLike(prefix + "commondir"));
    }
}
