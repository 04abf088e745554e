using Vibedom.Core.Processes.Native;
using static Vibedom.Core.Processes.Native.LinuxConstants;

namespace Vibedom.Core.Processes.Pty;

/// <summary>The relay's system-call loops: poll for one descriptor or a wake-up, and write everything.</summary>
internal static unsafe class PtyIo
{
    public enum Readiness
    {
        Ready,
        Woken,
        TimedOut,
        Failed,
    }

    /// <summary>Waits until <paramref name="fd"/> has <paramref name="events"/> (or hung up), the wake pipe fires, or the timeout passes.</summary>
    public static Readiness Wait(int fd, short events, PtyWakePipe? wake, int timeoutMilliseconds = -1)
    {
        var fds = stackalloc LibC.PollFd[2];
        fds[0] = new LibC.PollFd { Fd = fd, Events = events };
        fds[1] = new LibC.PollFd { Fd = wake?.ReadFd ?? -1, Events = PollIn };
        while (true)
        {
            var result = LibC.Poll(fds, 2, timeoutMilliseconds);
            if (result < 0 && LibC.Errno == EIntr)
            {
                continue;
            }

            if (result < 0 || (fds[0].ReturnedEvents & PollNval) != 0)
            {
                return Readiness.Failed;
            }

            if (fds[1].ReturnedEvents != 0)
            {
                return Readiness.Woken;
            }

            return result == 0 ? Readiness.TimedOut : Readiness.Ready;
        }
    }

    /// <summary>One read(2): the byte count, 0 at end of file, or -1 with errno set.</summary>
    public static int Read(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            return (int)LibC.Read(fd, p, (nuint)buffer.Length);
        }
    }

    public static bool WriteAll(int fd, ReadOnlySpan<byte> data, PtyWakePipe? wake)
    {
        fixed (byte* p = data)
        {
            return WriteAll(fd, p, data.Length, wake);
        }
    }

    /// <summary>Writes all bytes, waiting out EAGAIN; false when the descriptor fails or the wake pipe fires first.</summary>
    public static bool WriteAll(int fd, byte* buffer, int count, PtyWakePipe? wake)
    {
        while (count > 0)
        {
            var written = LibC.Write(fd, buffer, (nuint)count);
            if (written > 0)
            {
                buffer += written;
                count -= (int)written;
                continue;
            }

            var errno = LibC.Errno;
            if (written < 0 && errno == EIntr)
            {
                continue;
            }

            if (written < 0 && errno == EAgain && Wait(fd, PollOut, wake) == Readiness.Ready)
            {
                continue;
            }

            return false;
        }

        return true;
    }
}
