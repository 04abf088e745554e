namespace Vibedom.Core.Sandbox.Host;

/// <summary>
/// The few host file system facts the mount policy and the command resolver read (a seam, so both stay pure
/// functions that unit tests feed with a fixed tree). Paths are absolute host paths.
/// </summary>
public interface IHostFiles
{
    /// <summary>The target of the symlink at <paramref name="path"/> as written in the link, or null when it is not a symlink.</summary>
    string? ReadLink(string path);

    /// <summary>True when something (file, folder or symlink, not followed) is at <paramref name="path"/>.</summary>
    bool Exists(string path);

    /// <summary>True when <paramref name="path"/> is a folder (followed).</summary>
    bool IsDirectory(string path);

    /// <summary>True when <paramref name="path"/> is a regular file with an execute bit (followed).</summary>
    bool IsExecutableFile(string path);

    /// <summary>The first line of the file when it starts with <c>#!</c> (at most 256 bytes read), else null.</summary>
    string? ReadShebang(string path);

    /// <summary>The names in the folder at <paramref name="path"/> (empty when it is not a readable folder).</summary>
    IReadOnlyList<string> ListDirectory(string path);

    /// <summary>How many names (hard links) the file at <paramref name="path"/> has (not followed); 0 when it cannot be read.</summary>
    int LinkCount(string path);
}
