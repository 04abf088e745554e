using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace.Cgroups;

namespace Vibedom.Runtimes.Namespace;

/// <summary>Reads the host facts the planner needs (the only I/O before planning).</summary>
public static class HostProbe
{
    /// <summary>The host uid and gid a root-run sandbox runs as when root has no subordinate ids (nobody's, not root's).</summary>
    public const int DefaultSandboxHostId = 2_000_000_000;

    /// <summary>How many host ids from <see cref="DefaultSandboxHostId"/> root-run sandboxes may take (one each).</summary>
    public const int DefaultSandboxHostIdCount = 65_536;

    private static readonly string[] PassThrough = ["TERM", "COLORTERM", "LANG", "LC_ALL", "LC_CTYPE", "TZ"];

    public static HostLayout Probe(VibedomHome home)
    {
        var entries = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in SandboxPolicy.SystemFolders)
        {
            var info = new FileInfo("/" + name);
            if (info.LinkTarget is { } target)
            {
                entries[name] = target;
            }
            else if (Directory.Exists("/" + name))
            {
                entries[name] = null;
            }
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in PassThrough)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                env[name] = value;
            }
        }

        var (files, dirs) = ExistingSecrets();
        var (uid, uidCount) = SubordinateRange("/etc/subuid");
        var (gid, gidCount) = SubordinateRange("/etc/subgid");
        return new HostLayout
        {
            BwrapPath = ProcessRunner.Which("bwrap") ?? "bwrap",
            HelperPath = SandboxHelper.Path,
            IsRoot = HostIdentity.EffectiveUid == 0,
            UserName = Environment.UserName,
            Home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } h ? h : "/",
            RunDirectory = home.RunDirectory,
            SystemEntries = entries,
            SandboxHostUid = uid,
            SandboxHostGid = gid,
            SandboxHostIdCount = Math.Min(uidCount, gidCount),
            EtcMounts = EtcMountsIn(ReadMountInfo()),
            EtcSecretFiles = files,
            EtcSecretDirectories = dirs,
            PassThroughEnvironment = env,
            Cgroups = CgroupProbe.Probe(),
        };
    }

    private static (List<string> Files, List<string> Directories) ExistingSecrets()
    {
        var files = new List<string>();
        foreach (var pattern in SandboxPolicy.EtcSecretFiles)
        {
            if (pattern.EndsWith('*') || pattern.Contains('*', StringComparison.Ordinal))
            {
                var dir = Path.GetDirectoryName(pattern)!;
                try
                {
                    if (Directory.Exists(dir))
                    {
                        files.AddRange(Directory.EnumerateFiles(dir, Path.GetFileName(pattern)).Order(StringComparer.Ordinal));
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // unreadable to this user: then its files are unreadable inside too
                }
            }
            else if (File.Exists(pattern))
            {
                files.Add(pattern);
            }
        }

        var dirs = SandboxPolicy.EtcSecretDirectories.Where(Directory.Exists).ToList();
        return (files, dirs);
    }

    /// <summary>
    /// The mount points strictly under /etc in <paramref name="mountinfo"/> (<c>/proc/self/mountinfo</c>: the fifth field, octal
    /// escapes undone), each once, without those under another (they come along with it), in order.
    /// </summary>
    public static IReadOnlyList<string> EtcMountsIn(string mountinfo)
    {
        var points = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            var point = fields.Length > 4 ? Unescape(fields[4]) : string.Empty;
            if (point.StartsWith("/etc/", StringComparison.Ordinal))
            {
                points.Add(point);
            }
        }

        return [.. points.Where(p => !points.Any(other => other != p && SandboxPolicy.IsSameOrUnder(p, other)))];
    }

    private static string ReadMountInfo()
    {
        try
        {
            return File.ReadAllText("/proc/self/mountinfo");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty; // no /proc: no mount to carry over
        }
    }

    /// <summary>mountinfo's escapes: a backslash and three octal digits (space, tab, newline, backslash).</summary>
    private static string Unescape(string field)
    {
        var text = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && field.AsSpan(i + 1, 3).IndexOfAnyExcept("01234567") < 0)
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    /// <summary>Root's range in /etc/subuid or /etc/subgid (<c>root:START:COUNT</c>), else the default range.</summary>
    internal static (int Start, int Count) SubordinateRange(string file)
    {
        try
        {
            foreach (var line in File.Exists(file) ? File.ReadLines(file) : [])
            {
                var parts = line.Split(':');
                if (parts.Length == 3 && parts[0] is "root" or "0"
                    && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var start)
                    && int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
                    && start > 0 && count > 0)
                {
                    return (start, Math.Min(count, DefaultSandboxHostIdCount));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // unreadable: the default
        }

        return (DefaultSandboxHostId, DefaultSandboxHostIdCount);
    }
}
