namespace Vibedom.Runtimes.Namespace.Cgroups;

public sealed partial class SessionCgroup
{
    /// <summary>
    /// Cgroup v2 (Linux 5.14+): <c>cgroup.kill</c> kills every process in the cgroup at once, those forked meanwhile
    /// included, and no pid is read. Absent elsewhere (v1, older kernels): the pids are read and signalled one by one.
    /// </summary>
    private static void KillAll(string dir)
    {
        var kill = Path.Combine(dir, "cgroup.kill");
        if (!File.Exists(kill))
        {
            return;
        }

        try
        {
            File.WriteAllText(kill, "1");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// A pid read from <c>cgroup.procs</c> may belong to another process by the time it is signalled (its own exited and
    /// the pid was given again): it is signalled through a pidfd, and only while <c>/proc/PID/cgroup</c> still places the
    /// process in this session's cgroup (<see cref="PidFd.SignalIfStill"/>). Without pidfds (no sandbox starts then)
    /// it is signalled by pid.
    /// </summary>
    private static void Kill(string dir, int pid)
    {
        var session = "/" + Path.GetFileName(Path.GetDirectoryName(dir)) + "/" + Path.GetFileName(dir);
        if (PidFd.SignalIfStill(pid, Posix.SIGKILL, () => InCgroup(pid, session)) is null)
        {
            Posix.Signal(pid, Posix.SIGKILL);
        }
    }

    /// <summary>Whether process <paramref name="pid"/> is in a cgroup ending in <paramref name="session"/> (<c>/vibedom/SESSION-ID</c>) in some hierarchy.</summary>
    private static bool InCgroup(int pid, string session)
    {
        try
        {
            // "N:controllers:/path" per hierarchy; a session id names one session only
            return File.ReadLines($"/proc/{pid}/cgroup").Any(line => line.EndsWith(session, StringComparison.Ordinal) || line.Contains(session + "/", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
