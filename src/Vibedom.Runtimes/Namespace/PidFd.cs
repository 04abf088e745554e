using System.Runtime.InteropServices;

namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// A pidfd (Linux 5.3+): a handle on one process that becomes readable when it exits. Opened, then checked against
/// the recorded start time, so it never names a recycled pid; waiting is the kernel's notification, not a /proc poll.
/// Where no pidfd can be had (an older kernel or C library, a seccomp filter refusing the call) it falls back to
/// checking /proc every <see cref="PollInterval"/>: only "no such process" means the process has exited.
/// </summary>
internal static partial class PidFd
{
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private const short PollIn = 0x1;
    private const int Esrch = 3;
    private const int Enosys = 38;

    /// <summary>Waits until process <paramref name="pid"/> (started at <paramref name="startTicks"/>) has exited; at once when it already has.</summary>
    public static Task WaitForExitAsync(int pid, long? startTicks, CancellationToken cancellationToken) =>
        WaitForExitAsync(pid, startTicks, TryOpen, cancellationToken);

    /// <summary><see cref="WaitForExitAsync(int, long?, CancellationToken)"/> with the opener given (tests stand in a kernel without pidfds).</summary>
    internal static async Task WaitForExitAsync(int pid, long? startTicks, Func<int, (int Fd, int Errno)> open, CancellationToken cancellationToken)
    {
        var (fd, errno) = open(pid);
        if (fd < 0)
        {
            if (errno == Esrch)
            {
                return; // no such process: it has exited
            }

            await PollProcAsync(pid, startTicks, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            if (!ProcFs.IsAlive(pid, startTicks))
            {
                return; // the pid was recycled, or it is a zombie: the process we meant has exited
            }

            await Task.Factory.StartNew(() => Block(fd, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                .ConfigureAwait(false);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Whether this kernel and C library give pidfds (the sandbox helper's lifeline needs them): null when they do, else the error.</summary>
    public static string? Unavailable()
    {
        var (fd, errno) = TryOpen(Environment.ProcessId);
        if (fd < 0)
        {
            return errno == Enosys ? "pidfd_open is not available (Linux 5.3 or later is needed)" : $"pidfd_open is refused (errno {errno}; a seccomp profile?)";
        }

        _ = Close(fd);
        return null;
    }

    private static (int Fd, int Errno) TryOpen(int pid)
    {
        try
        {
            var fd = Open(pid, 0);
            return (fd, fd < 0 ? Marshal.GetLastPInvokeError() : 0);
        }
        catch (EntryPointNotFoundException)
        {
            return (-1, Enosys); // a C library older than 2.36 has no pidfd_open wrapper
        }
    }

    private static async Task PollProcAsync(int pid, long? startTicks, CancellationToken cancellationToken)
    {
        while (ProcFs.IsAlive(pid, startTicks))
        {
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>poll(2) on the pidfd; the timeout only lets cancellation be noticed.</summary>
    private static void Block(int fd, CancellationToken cancellationToken)
    {
        var entry = new PollFd { Fd = fd, Events = PollIn };
        while (!cancellationToken.IsCancellationRequested)
        {
            var ready = Poll(ref entry, 1, 1000);
            if (ready > 0 || (ready < 0 && Marshal.GetLastPInvokeError() != 4 /* EINTR */))
            {
                return;
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "pidfd_open", SetLastError = true)]
    private static partial int Open(int pid, uint flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeout);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
