using System.Globalization;
using System.Text;

namespace Vibedom.Core.Workspace;

/// <summary>
/// What the workspace held when the session started: type, mode, size, mtime (ns), inode and, for small
/// files, a SHA-256 of every path. Written to the session's <c>manifest</c> file; apply compares the
/// workspace against it to find the files the user changed meanwhile (conflicts).
/// </summary>
public sealed class Manifest
{
    /// <summary>Files up to this size get a content hash at session start.</summary>
    public const long DefaultHashLimit = 64 * 1024;

    private const string Header = "# vibedom manifest v1: type mode size mtime_ns inode sha256|- path";
    private readonly Dictionary<string, ManifestEntry> _entries;

    internal Manifest(string root, Dictionary<string, ManifestEntry> entries)
    {
        Root = root;
        _entries = entries;
    }

    /// <summary>The workspace this manifest describes (absolute).</summary>
    public string Root { get; }

    public int Count => _entries.Count;

    public IEnumerable<ManifestEntry> Entries => _entries.Values;

    /// <summary>The entry of a workspace-relative path ('/'-separated), or null when it did not exist at start.</summary>
    public ManifestEntry? Find(string relativePath) => _entries.GetValueOrDefault(relativePath);

    /// <summary>
    /// Walks <paramref name="workspace"/> (symlinks are not followed) and records every path; the content of each
    /// small file is also given to <paramref name="keep"/>, when there is one.
    /// </summary>
    public static Manifest Build(string workspace, long hashLimit = DefaultHashLimit, CancellationToken cancellationToken = default, StartStore? keep = null)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspace));
        var entries = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        var toHash = new List<string>();
        foreach (var (relative, stat) in WorkspaceWalker.Walk(root, cancellationToken))
        {
            entries[relative] = new ManifestEntry(relative, stat.Type, stat.Mode, stat.Size, stat.MtimeNanoseconds, stat.Inode, null);
            if ((stat.Type == EntryType.File && stat.Size <= hashLimit) || stat.Type == EntryType.Symlink)
            {
                toHash.Add(relative);
            }
        }

        var hashes = new string?[toHash.Count];
        Parallel.For(0, toHash.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var path = Path.Combine(root, toHash[i]);
            var hash = entries[toHash[i]].Type == EntryType.File && hashLimit <= int.MaxValue - 1
                ? ContentHash.TryOfSmallFile(path, (int)hashLimit, keep?.For(toHash[i]))
                : ContentHash.TryOf(path);

            // a file changed while it was hashed gets no hash: it would vouch for content the stat does not describe
            hashes[i] = FileStat.Of(path) is { } after && entries[toHash[i]].Matches(after) ? hash : null;
        });
        for (var i = 0; i < toHash.Count; i++)
        {
            entries[toHash[i]] = entries[toHash[i]] with { Hash = hashes[i] };
        }

        return new Manifest(root, entries);
    }

    /// <summary>Writes the manifest atomically (temp file + fsync + rename).</summary>
    public void Write(string file)
    {
        var temp = file + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(Header);
            writer.Write('\n');
            writer.Write("root ");
            writer.Write(PathEscaping.Escape(Root));
            writer.Write('\n');
            foreach (var e in _entries.Values.OrderBy(e => e.Path, StringComparer.Ordinal))
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{TypeCode(e.Type)} {Convert.ToString((int)e.Mode, 8)} {e.Size} {e.MtimeNanoseconds} {e.Inode} {e.Hash ?? "-"} "));
                writer.Write(PathEscaping.Escape(e.Path));
                writer.Write('\n');
            }

            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, file, overwrite: true);
    }

    /// <summary>Reads a manifest written by <see cref="Write"/>; null when the file does not exist.</summary>
    public static Manifest? Read(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var entries = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        string? root = null;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("root ", StringComparison.Ordinal))
            {
                root = PathEscaping.Unescape(line[5..]);
                continue;
            }

            var entry = ParseLine(line) ?? throw Errors.VibedomException.Failed($"{file}({lineNumber}): malformed manifest line; the session's conflict detection cannot be trusted");
            entries[entry.Path] = entry;
        }

        return new Manifest(root ?? string.Empty, entries);
    }

    /// <summary>
    /// Re-records <paramref name="paths"/> as they are now (after an undo put back their exact content, possibly
    /// as a copy with a new inode and time). Keeps the content hash. True when an entry changed.
    /// </summary>
    internal bool Refresh(string workspace, IEnumerable<string> paths)
    {
        var changed = false;
        foreach (var path in paths)
        {
            if (Find(path) is { } entry && FileStat.Of(Path.Combine(workspace, path)) is { } now && !entry.Matches(now) && now.Type == entry.Type)
            {
                _entries[path] = entry with { Mode = now.Mode, Size = now.Size, MtimeNanoseconds = now.MtimeNanoseconds, Inode = now.Inode };
                changed = true;
            }
        }

        return changed;
    }

    private static ManifestEntry? ParseLine(string line)
    {
        var parts = line.Split(' ', 7);
        if (parts.Length != 7 || parts[0].Length != 1 ||
            !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ||
            !long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var mtime) ||
            !ulong.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
        {
            return null;
        }

        int mode;
        try
        {
            mode = Convert.ToInt32(parts[1], 8);
        }
        catch (FormatException)
        {
            return null;
        }

        var type = parts[0][0] switch
        {
            'f' => EntryType.File,
            'd' => EntryType.Directory,
            'l' => EntryType.Symlink,
            'c' => EntryType.CharDevice,
            _ => EntryType.Other,
        };
        return new ManifestEntry(PathEscaping.Unescape(parts[6]), type, (UnixFileMode)mode, size, mtime, inode, parts[5] == "-" ? null : parts[5]);
    }

    private static char TypeCode(EntryType type) => type switch
    {
        EntryType.File => 'f',
        EntryType.Directory => 'd',
        EntryType.Symlink => 'l',
        EntryType.CharDevice => 'c',
        _ => 'o',
    };
}
