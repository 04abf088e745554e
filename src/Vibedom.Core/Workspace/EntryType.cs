namespace Vibedom.Core.Workspace;

/// <summary>What a path is on disk.</summary>
public enum EntryType
{
    File,
    Directory,
    Symlink,

    /// <summary>A character device; in an overlay upper dir, 0:0 is a whiteout (a deletion).</summary>
    CharDevice,

    /// <summary>A fifo, socket or block device: never applied.</summary>
    Other,
}
