using Microsoft.Win32.SafeHandles;
using Vibedom.Core.Workspace.Native;
using Vibedom.Scanning.Sources;

namespace Vibedom.Core.Workspace;

/// <summary>
/// The tree as its names are on disk, for the secret scan: names are read as bytes (readdir) and one that is not UTF-8
/// is named escaped (<see cref="NameEscaping"/>, shown as <c>\xNN</c>), then opened by those bytes, so its file is
/// scanned like any other. A symlink is never followed (listed as skipped, refused on open), a fifo never blocks.
/// </summary>
public sealed class RawNameTree : ITreeReader
{
    public static readonly RawNameTree Instance = new();

    // d_type values (dirent.h)
    private const byte DtUnknown = 0;
    private const byte DtFifo = 1;
    private const byte DtDirectory = 4;
    private const byte DtRegular = 8;
    private const byte DtSocket = 12;

    private RawNameTree()
    {
    }

    public IReadOnlyList<TreeEntry> List(string directory) =>
        LibC.RawEntries(directory).ConvertAll(e => Entry(directory, NameEscaping.Escape(e.Name), e.Type));

    public long Length(string path) =>
        FileStat.Of(path)?.Size ?? throw new FileNotFoundException($"{path} is gone");

    public SafeFileHandle OpenRead(string path) => LibC.OpenRegular(path);

    private static TreeEntry Entry(string directory, string name, byte type) => new(name, type switch
    {
        DtRegular or DtFifo or DtSocket => TreeEntryKind.File,
        DtDirectory => TreeEntryKind.Directory,
        DtUnknown => FileStat.Of(Path.Join(directory, name))?.Type switch
        {
            EntryType.File or EntryType.Other => TreeEntryKind.File,
            EntryType.Directory => TreeEntryKind.Directory,
            _ => TreeEntryKind.Skipped,
        },
        _ => TreeEntryKind.Skipped, // symlinks, devices
    });
}
