using System.IO.Enumeration;
using System.Text.RegularExpressions;

namespace Vibedom.Scanning.Sources;

public sealed partial class FileTreeScanner
{
    private static readonly string[] SkippedGitDirs = ["objects", "lfs", "logs"];

    private static readonly EnumerationOptions WalkOptions = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>One directory entry as the walk needs it: no FileSystemInfo, no readlink per entry.</summary>
    private readonly record struct WalkEntry(string Name, bool IsDirectory, FileAttributes Attributes);

    /// <summary>
    /// Walks <paramref name="dir"/> depth first in ordinal name order and hands each regular file to the workers as it
    /// is found (<paramref name="emit"/> waits while they are behind). <paramref name="relative"/> is
    /// <paramref name="dir"/> relative to the root, "" for the root itself.
    /// </summary>
    private void Walk(string dir, string relative, Action<TreeFile> emit, ScanTally tally, List<string> vendored, CancellationToken ct)
    {
        List<WalkEntry> entries;
        try
        {
            entries = [.. new FileSystemEnumerable<WalkEntry>(dir, static (ref FileSystemEntry e) => new WalkEntry(e.FileName.ToString(), e.IsDirectory, e.Attributes), WalkOptions)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            tally.Unreadable.Add(SkippedFile.Of((relative.Length == 0 ? "." : relative) + "/", e));
            return;
        }

        entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var inGitDir = Path.GetFileName(dir) == ".git";
        foreach (var entry in entries)
        {
            ct.ThrowIfCancellationRequested();
            if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                continue; // symlinks are not followed (gitleaks' default)
            }

            var rel = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            if (entry.IsDirectory)
            {
                if (!inGitDir || !SkippedGitDirs.Contains(entry.Name))
                {
                    WalkDirectory(dir, rel, entry.Name, emit, tally, vendored, ct);
                }
            }
            else if ((entry.Attributes & FileAttributes.Device) == 0)
            {
                emit(new TreeFile(Path.Join(dir, entry.Name), rel));
            }
        }
    }

    private void WalkDirectory(string parent, string rel, string name, Action<TreeFile> emit, ScanTally tally, List<string> vendored, CancellationToken ct)
    {
        if (!_options.IncludeVendored && VendoredFolders.IsVendored(name))
        {
            vendored.Add(rel); // counted after the walk
            return;
        }

        try
        {
            if (_detector.Rules.Allowlists.Any(a => a.PathAllowed(rel)))
            {
                return; // gitleaks skips globally allowlisted directories whole
            }
        }
        catch (RegexMatchTimeoutException)
        {
            tally.Unreadable.Add(new SkippedFile(rel + "/", "a path allowlist's regex timed out on this name"));
            return;
        }

        Walk(Path.Join(parent, name), rel, emit, tally, vendored, ct);
    }
}
