namespace Vibedom.Core.Sandbox;

/// <summary>What one <see cref="ReadOnlyStep"/> makes.</summary>
public enum ReadOnlyStepKind
{
    /// <summary>A read-only bind of a host file or folder.</summary>
    Bind,

    /// <summary>
    /// A fresh folder of the sandbox's own (a tmpfs) standing for a host folder that holds a credential: the steps after it, up to its
    /// <see cref="Seal"/>, fill it with that folder's other entries, each mounted on its own.
    /// </summary>
    Folder,

    /// <summary>The host folder's symlink, made again with the same text (it resolves inside, as in a bound folder).</summary>
    Link,

    /// <summary>A credential file: an empty, unreadable, read-only file in its place.</summary>
    MaskFile,

    /// <summary>A credential folder: an empty tmpfs in its place.</summary>
    MaskFolder,

    /// <summary>The <see cref="Folder"/> at the same path, filled, made read-only.</summary>
    Seal,
}
