using System.IO.Enumeration;
using Microsoft.Win32.SafeHandles;

namespace Vibedom.Scanning.Sources;

/// <summary>
/// The tree as .NET names it: a name that is not UTF-8 comes back with U+FFFD in place of each bad byte, so that file
/// is then not found under it (<see cref="SkippedFile.Of"/> says why).
/// </summary>
public sealed class DotNetTreeReader : ITreeReader
{
    public static readonly DotNetTreeReader Instance = new();

    private static readonly EnumerationOptions Options = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    private DotNetTreeReader()
    {
    }

    public IReadOnlyList<TreeEntry> List(string directory) =>
        [.. new FileSystemEnumerable<TreeEntry>(directory, static (ref FileSystemEntry e) => new TreeEntry(e.FileName.ToString(), KindOf(e)), Options)];

    public long Length(string path) => new FileInfo(path).Length;

    public SafeFileHandle OpenRead(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);

    private static TreeEntryKind KindOf(in FileSystemEntry e) =>
        (e.Attributes & (FileAttributes.ReparsePoint | FileAttributes.Device)) != 0 ? TreeEntryKind.Skipped
        : e.IsDirectory ? TreeEntryKind.Directory
        : TreeEntryKind.File;
}
