namespace Vibedom.Core.Workspace;

/// <summary>Reading what the agent left: a regular file only, never through a symlink, never blocking on a fifo.</summary>
public static class RegularFile
{
    /// <summary>A read-only stream of <paramref name="path"/>; IOException when it is not a regular file.</summary>
    public static FileStream OpenRead(string path, int bufferSize = 1 << 16) => Native.LibC.OpenRegularStream(path, bufferSize);
}
