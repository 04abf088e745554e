namespace Vibedom.Core.Workspace;

/// <summary>
/// One workspace path as it was when the session started. <see cref="Hash"/> (hex SHA-256 of the content,
/// or of a symlink's target) is there for small files only, so a file that was merely touched is no conflict.
/// </summary>
public sealed record ManifestEntry(string Path, EntryType Type, UnixFileMode Mode, long Size, long MtimeNanoseconds, ulong Inode, string? Hash)
{
    /// <summary>True when <paramref name="now"/> is what this entry recorded (for directories: type and mode only).</summary>
    public bool Matches(FileStat now) =>
        now.Type == Type && now.Mode == Mode &&
        (Type == EntryType.Directory || (now.Size == Size && now.MtimeNanoseconds == MtimeNanoseconds && now.Inode == Inode));
}
