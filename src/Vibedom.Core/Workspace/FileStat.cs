namespace Vibedom.Core.Workspace;

/// <summary>lstat of one path: type, permission bits, size, mtime in nanoseconds, inode, owner, device numbers.</summary>
public readonly record struct FileStat(
    EntryType Type,
    UnixFileMode Mode,
    long Size,
    long MtimeNanoseconds,
    ulong Inode,
    uint Uid,
    uint Gid,
    uint RdevMajor,
    uint RdevMinor)
{
    /// <summary>An overlayfs whiteout: a character device 0:0.</summary>
    public bool IsWhiteoutDevice => Type == EntryType.CharDevice && RdevMajor == 0 && RdevMinor == 0;

    /// <summary>lstat of <paramref name="path"/>, or null when nothing is there.</summary>
    public static FileStat? Of(string path) => Native.LibC.LStat(path);
}
