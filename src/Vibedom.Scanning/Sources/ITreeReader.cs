using Microsoft.Win32.SafeHandles;

namespace Vibedom.Scanning.Sources;

/// <summary>
/// How <see cref="FileTreeScanner"/> lists folders and opens files: .NET's by default (<see cref="DotNetTreeReader"/>),
/// which cannot name a file whose name is not UTF-8; vibedom's pre-flight passes one that reads names as bytes.
/// Paths are whatever <see cref="List"/> named: the reader gets back the names it gave.
/// </summary>
public interface ITreeReader
{
    /// <summary>The entries of <paramref name="directory"/> (no "." or ".."), in any order.</summary>
    /// <exception cref="IOException">It cannot be read (so it is not scanned).</exception>
    /// <exception cref="UnauthorizedAccessException">It cannot be read (so it is not scanned).</exception>
    IReadOnlyList<TreeEntry> List(string directory);

    /// <summary>The size of <paramref name="path"/>; 0 for a fifo, socket or device (which are then never opened).</summary>
    long Length(string path);

    /// <summary>Opens <paramref name="path"/> for reading; asked only for a file whose <see cref="Length"/> was not 0.</summary>
    SafeFileHandle OpenRead(string path);
}
