using System.Text;
using Vibedom.Core.Workspace;

namespace Vibedom.Core.Ssh;

/// <summary>
/// The host's git user.name and user.email read from the files <c>git config</c> reads when vibedom runs it
/// (<see cref="GitIdentity.OfHostAsync"/>: from <c>/</c>, with only PATH, HOME, LANG, TERM, USER and LOGNAME
/// in its environment): the system file, then <c>$HOME/.config/git/config</c>, then <c>$HOME/.gitconfig</c>,
/// the last value winning. Null whenever this could differ from git's answer (a git outside <c>/usr/bin</c> or
/// <c>/bin</c>, whose system file may live elsewhere; no HOME; a repository at <c>/</c>; an include; a file
/// git would reject or that cannot be read): then git is asked. Saves a process on every run.
/// </summary>
internal static class GitConfigFiles
{
    /// <summary>The system file of a distribution's git (prefix /usr, sysconfdir /etc).</summary>
    public const string SystemFile = "/etc/gitconfig";

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The identity from the host's files, or null to ask git.</summary>
    public static GitIdentity? TryRead(string git, string? home) =>
        git is "/usr/bin/git" or "/bin/git" && !string.IsNullOrEmpty(home) && !Path.Exists("/.git")
            ? TryRead([SystemFile, Path.Combine(home, ".config", "git", "config"), Path.Combine(home, ".gitconfig")])
            : null;

    /// <summary>The identity from <paramref name="files"/> in order (a missing file is skipped), or null when unsure.</summary>
    public static GitIdentity? TryRead(IEnumerable<string> files)
    {
        string? name = null, email = null;
        foreach (var file in files)
        {
            string text;
            try
            {
                switch (Kind(file))
                {
                    case null:
                        continue; // no such file: git skips it too
                    case not EntryType.File:
                        return null; // a folder, a fifo (reading it could block), a dangling link: git's own answer
                }

                var bytes = File.ReadAllBytes(file);
                var bom = bytes.AsSpan().StartsWith(Utf8Bom) ? 3 : 0;
                text = new UTF8Encoding(false, false).GetString(bytes, bom, bytes.Length - bom);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (GitConfigText.TryParse(text) is not { } entries)
            {
                return null;
            }

            foreach (var (key, value) in entries)
            {
                if (value is null)
                {
                    continue; // a bare key: `git config -z` prints it without a value, which GitIdentity skips
                }

                if (key == "user.name")
                {
                    name = value;
                }
                else if (key == "user.email")
                {
                    email = value;
                }
            }
        }

        return new GitIdentity(name, email);
    }

    /// <summary>The type of what <paramref name="path"/> names, links followed; null when nothing is there.</summary>
    private static EntryType? Kind(string path)
    {
        if (FileStat.Of(path) is not { } stat)
        {
            return null;
        }

        if (stat.Type != EntryType.Symlink)
        {
            return stat.Type;
        }

        var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName;
        return target is null ? EntryType.Other : FileStat.Of(target)?.Type ?? EntryType.Other;
    }
}
