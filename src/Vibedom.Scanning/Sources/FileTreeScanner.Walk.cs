using System.Text.RegularExpressions;

namespace Vibedom.Scanning.Sources;

public sealed partial class FileTreeScanner
{
    private static readonly string[] SkippedGitDirs = ["objects", "lfs", "logs"];

    /// <summary>
    /// Walks <paramref name="dir"/> depth first in ordinal name order and hands each regular file to the workers as it
    /// is found (<paramref name="emit"/> waits while they are behind). <paramref name="relative"/> is
    /// <paramref name="dir"/> relative to the root, "" for the root itself.
    /// </summary>
    private void Walk(string dir, string relative, Action<TreeFile> emit, ScanTally tally, List<string> vendored, CancellationToken ct)
    {
        List<TreeEntry> entries;
        try
        {
            entries = [.. _options.Tree.List(dir)];
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
            if (entry.Kind == TreeEntryKind.Skipped)
            {
                continue; // symlinks are not followed (gitleaks' default), devices not read
            }

            var rel = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            if (entry.Kind == TreeEntryKind.Directory)
            {
                if (!inGitDir || !SkippedGitDirs.Contains(entry.Name))
                {
                    WalkDirectory(dir, rel, entry.Name, emit, tally, vendored, ct);
                }
            }
            else
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
