using System.Text;
using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Workspace;

internal sealed partial class ChangeSetReader
{
    /// <summary>Longest full path (bytes) read; deeper entries are refused, never followed (PATH_MAX is 4096).</summary>
    internal const int MaxPathBytes = 4000;

    private const string CopyByHand = "never applied (copy it by hand from the session's changes/)";

    private const string DeleteByHand = "never applied (delete it by hand if you want it gone)";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool TooLong(string path) => Encoding.UTF8.GetByteCount(path) > MaxPathBytes;

    /// <summary>lstat, or null for a path too long to name (such an entry is refused before it is compared).</summary>
    private static FileStat? StatOrNull(string path) => TooLong(path) ? null : FileStat.Of(path);

    /// <summary>
    /// The names in an upper directory, each with the reason it is refused, if it is: a name that is not UTF-8 is
    /// shown escaped (<c>\xff</c>), never mangled into another name; a path too long to name is not followed.
    /// </summary>
    private List<(string Name, string? Refusal)> UpperNames(string relative, string upperDir)
    {
        var result = new List<(string, string?)>();
        foreach (var raw in LibC.RawNames(upperDir) ?? [])
        {
            string name;
            string? refusal = null;
            try
            {
                name = StrictUtf8.GetString(raw);
            }
            catch (DecoderFallbackException)
            {
                name = NameEscaping.Escape(raw);
                refusal = $"its name is not valid UTF-8: {CopyByHand}";
            }

            if (refusal is null && (TooLong(Path.Combine(upperDir, name)) || TooLong(Current(Join(relative, name)))))
            {
                refusal = $"its path is longer than {MaxPathBytes} bytes: not read, never applied";
            }

            result.Add((name, refusal));
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    private static Desired Refused(FileStat? stat, string path, string refusal) =>
        new(stat ?? new FileStat(EntryType.Other, 0, 0, 0, 0, 0, 0, 0, 0), path, null, path, false, null) { Refusal = refusal };

    /// <summary>The merged entry for an upper-layer path; null for a whiteout. <paramref name="lowerSamePath"/>: the lower path beneath it.</summary>
    private Desired? FromUpper(string path, string? lowerSamePath)
    {
        if (FileStat.Of(path) is not { } stat || stat.IsWhiteoutDevice)
        {
            return null;
        }

        if (attributes.Unverifiable(path) is { } unverifiable)
        {
            return Refused(stat, path, unverifiable);
        }

        if (Unreadable(stat) is { } unreadable)
        {
            return Refused(stat, path, unreadable);
        }

        switch (stat.Type)
        {
            case EntryType.File when stat.Size == 0 && attributes.IsXattrWhiteout(path):
                return null;
            case EntryType.File when attributes.IsMetacopy(path):
                var (origin, refusal) = attributes.Redirect(path) is { } r
                    ? LowerPath.Resolve(workspace, r, lowerSamePath, EntryType.File)
                    : LowerPath.SamePath(lowerSamePath);
                return refusal is not null
                    ? Refused(stat, path, refusal)
                    : new Desired(stat, path, null, origin!, false, "metadata only");
            case EntryType.Directory:
                var opaque = attributes.IsOpaque(path);
                var redirect = attributes.Redirect(path);
                if (redirect is null)
                {
                    // a non-opaque folder merges the lower folder beneath it, only if that is a real folder
                    var beneath = lowerSamePath is not null && FileStat.Of(lowerSamePath) is { Type: EntryType.Directory } ? lowerSamePath : null;
                    return new Desired(stat, path, beneath, path, opaque, opaque ? "directory replaced" : null);
                }

                var (lower, why) = LowerPath.Resolve(workspace, redirect, lowerSamePath, EntryType.Directory);
                return why is not null
                    ? Refused(stat, path, why)
                    : new Desired(stat, path, lower, path, opaque, $"renamed from {Path.GetRelativePath(workspace, lower!).Replace('\\', '/')}");
            default:
                return new Desired(stat, path, null, path, false, null);
        }
    }

    /// <summary>
    /// Without root, an entry the agent took its owner's permissions from cannot be read (and vibedom does not
    /// change what the agent left to find out): refused, so the review and apply neither hide nor stall on it.
    /// </summary>
    private static string? Unreadable(FileStat stat) => Environment.IsPrivilegedProcess ? null : stat.Type switch
    {
        EntryType.Directory when (stat.Mode & (UnixFileMode.UserRead | UnixFileMode.UserExecute)) != (UnixFileMode.UserRead | UnixFileMode.UserExecute) =>
            "a folder its owner cannot list (the agent removed the permission): not read, never applied",
        EntryType.File when (stat.Mode & UnixFileMode.UserRead) == 0 =>
            "a file its owner cannot read (the agent removed the permission): never applied",
        _ => null,
    };
}
