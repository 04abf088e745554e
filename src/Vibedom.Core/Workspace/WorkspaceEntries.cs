namespace Vibedom.Core.Workspace;

/// <summary>
/// What the workspace holds at each relative path while a review or an apply plans, each path looked at (lstat) at
/// most once: a map from path to what it is. A path below one that is missing, or that is neither a folder nor a
/// symlink, is missing without a look (nothing can be there; lstat says ENOENT or ENOTDIR, or for a path past PATH_MAX
/// fails, which <see cref="FileStat.Of"/> throws on); below a symlink it is looked at as lstat does (the link followed
/// on the way). So the looks a change costs are bounded by
/// the folders that exist above it, and a chain of folders the agent added thousands deep costs one look, not one per
/// folder per change. It keeps what it saw: build one per plan, never across writes to the workspace.
/// </summary>
internal sealed class WorkspaceEntries
{
    private readonly string _root;
    private readonly FolderFold<Entry> _entries;
    private readonly FolderFold<string?> _symlinks;

    public WorkspaceEntries(string workspace)
    {
        _root = workspace;
        _entries = new FolderFold<Entry>(new Entry(null, Visible: true), Look);
        _symlinks = new FolderFold<string?>(null, (folder, above) => above ?? (Stat(folder) is { Type: EntryType.Symlink } ? folder : null));
    }

    /// <summary>lstat of <paramref name="relative"/> ('/'-separated), or null when nothing is there.</summary>
    public FileStat? Stat(string relative) => _entries.Of(relative).Stat;

    /// <summary>The first folder above <paramref name="relative"/> (from the top) that is a symlink in the workspace, if any.</summary>
    public string? SymlinkAbove(string relative) => _symlinks.Above(relative);

    private Entry Look(string path, Entry parent) =>
        parent.Visible ? Entry.Of(FileStat.Of(Path.Combine(_root, path))) : new Entry(null, Visible: false);

    /// <summary>A path's lstat, and whether what is below it can be there (a folder, or a symlink lstat follows).</summary>
    private readonly record struct Entry(FileStat? Stat, bool Visible)
    {
        public static Entry Of(FileStat? stat) => new(stat, stat is { Type: EntryType.Directory or EntryType.Symlink });
    }
}
