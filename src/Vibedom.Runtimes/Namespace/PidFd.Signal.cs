using System.Runtime.InteropServices;

namespace Vibedom.Runtimes.Namespace;

internal static partial class PidFd
{
    /// <summary>
    /// Signals <paramref name="pid"/> only while it is still the process <paramref name="stillOurs"/> vouches for: the pidfd
    /// is opened first (it names one process for good), the check is made by pid, then the pidfd is polled: a process
    /// that has not exited held its pid all through the check, so the check was about it, and the signal goes through
    /// the pidfd (never to a process that got the pid later). True when signalled; null when this kernel gives no pidfd.
    /// </summary>
    public static bool? SignalIfStill(int pid, int signal, Func<bool> stillOurs)
    {
        var (fd, errno) = TryOpen(pid);
        if (fd < 0)
        {
            return errno == Esrch ? false : null;
        }

        try
        {
            if (!stillOurs())
            {
                return false;
            }

            var entry = new PollFd { Fd = fd, Events = PollIn };
            return Poll(ref entry, 1, 0) == 0 && SendSignal(fd, signal, 0, 0) == 0;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "pidfd_send_signal", SetLastError = true)]
    private static partial int SendSignal(int pidfd, int signal, nint info, uint flags);
}
