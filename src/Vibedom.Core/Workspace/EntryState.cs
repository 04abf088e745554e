namespace Vibedom.Core.Workspace;

/// <summary>
/// One side of a change: what a path is (type, mode, size, symlink target) and where its bytes can be read
/// (<see cref="ContentPath"/>: the workspace file for the old side; the upper-layer file, or the lower file of a
/// metacopy or a renamed directory, for the agent's side).
/// </summary>
public sealed record EntryState(EntryType Type, UnixFileMode Mode, long Size, string? LinkTarget, string ContentPath)
{
    public static EntryState From(FileStat stat, string path) =>
        new(stat.Type, stat.Mode, stat.Size, stat.Type == EntryType.Symlink && !NameEscaping.HasRawBytes(path) ? new FileInfo(path).LinkTarget : null, path);
}
