using System.Runtime.InteropServices;

namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// A pidfd (Linux 5.3+): a handle on one process that becomes readable when it exits. Opened, then checked against
/// the recorded start time, so it never names a recycled pid; waiting is the kernel's notification, not a /proc poll.
/// </summary>
internal static partial class PidFd
{
    private const short PollIn = 0x1;

    /// <summary>Waits until process <paramref name="pid"/> (started at <paramref name="startTicks"/>) has exited; at once when it already has.</summary>
    public static async Task WaitForExitAsync(int pid, long? startTicks, CancellationToken cancellationToken)
    {
        var fd = Open(pid, 0);
        if (fd < 0)
        {
            return; // no such process (ESRCH): it has exited
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
