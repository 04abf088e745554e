namespace Vibedom.Core.Workspace.Apply;

/// <summary>
/// A path's state in an undo journal: type, mode, owner, size, mtime, inode, symlink target and, for a
/// file, where its bytes were saved (<see cref="Backup"/>, relative to the journal's folder).
/// </summary>
public sealed record Snapshot
{
    public required EntryType Type { get; init; }

    public int Mode { get; init; }

    public long Size { get; init; }

    public long MtimeNs { get; init; }

    public ulong Inode { get; init; }

    public uint Uid { get; init; }

    public uint Gid { get; init; }

    public string? LinkTarget { get; init; }

    public string? Backup { get; init; }

    public static Snapshot Of(FileStat stat, string path) => new()
    {
        Type = stat.Type,
        Mode = (int)stat.Mode,
        Size = stat.Size,
        MtimeNs = stat.MtimeNanoseconds,
        Inode = stat.Inode,
        Uid = stat.Uid,
        Gid = stat.Gid,
        LinkTarget = stat.Type == EntryType.Symlink ? new FileInfo(path).LinkTarget : null,
    };

    /// <summary>True when <paramref name="stat"/> is still this state (directories: type and mode).</summary>
    public bool Matches(FileStat? stat) => stat is { } s && s.Type == Type && (int)s.Mode == Mode &&
        (Type == EntryType.Directory || (s.Size == Size && s.MtimeNanoseconds == MtimeNs && s.Inode == Inode));
}
