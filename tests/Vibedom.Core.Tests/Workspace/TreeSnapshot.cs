using System.Globalization;
using Vibedom.Core.Workspace;

namespace Vibedom.Core.Tests.Workspace;

/// <summary>Every path of a tree with its type, mode and exact content (or link target), for byte-for-byte comparisons.</summary>
internal static class TreeSnapshot
{
    public static string Of(string root, bool withInodes = false)
    {
        var lines = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
        {
            var stat = FileStat.Of(path)!.Value;
            var relative = Path.GetRelativePath(root, path);
            var mode = Convert.ToString((int)stat.Mode, 8);
            var what = stat.Type switch
            {
                EntryType.File => "file " + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))),
                EntryType.Symlink => "link " + new FileInfo(path).LinkTarget,
                _ => stat.Type.ToString(),
            };
            var inode = withInodes && stat.Type == EntryType.File ? " ino " + stat.Inode.ToString(CultureInfo.InvariantCulture) + " mtime " + stat.MtimeNanoseconds.ToString(CultureInfo.InvariantCulture) : string.Empty;
            lines.Add($"{relative} {mode} {what}{inode}");
        }

        return string.Join("\n", lines);
    }
}
