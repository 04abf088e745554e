using System.Text;
using Vibedom.Core.Processes.Native;
using static Vibedom.Core.Processes.Native.LinuxConstants;

namespace Vibedom.Core.Processes.Pty;

/// <summary>
/// A fresh pseudo-terminal: the master stays with vibedom (non-blocking, close-on-exec); the
/// parent keeps its own slave descriptor only until the child has opened the slave by path.
/// </summary>
internal sealed unsafe class PtyPair : IDisposable
{
    private PtyPair(int master, int slave, string slavePath)
    {
        Master = master;
        Slave = slave;
        SlavePath = slavePath;
    }

    public int Master { get; private set; }

    public int Slave { get; private set; }

    public string SlavePath { get; }

    public static PtyPair Open()
    {
        var master = LibC.PosixOpenPt(ORdWr | ONoCtty | OCloExec);
        if (master < 0)
        {
            throw NativeError.Failed("posix_openpt");
        }

        try
        {
            if (LibC.GrantPt(master) != 0)
            {
                throw NativeError.Failed("grantpt");
            }

            if (LibC.UnlockPt(master) != 0)
            {
                throw NativeError.Failed("unlockpt");
            }

            var path = SlaveName(master);
            var slave = LibC.Open(path, ORdWr | ONoCtty | OCloExec);
            if (slave < 0)
            {
                throw NativeError.Failed($"open {path}");
            }

            var flags = LibC.Fcntl(master, FGetFl, 0);
            if (flags < 0 || LibC.Fcntl(master, FSetFl, flags | ONonBlock) < 0)
            {
                LibC.Close(slave);
                throw NativeError.Failed("fcntl O_NONBLOCK");
            }

            return new PtyPair(master, slave, path);
        }
        catch
        {
            LibC.Close(master);
            throw;
        }
    }

    /// <summary>
    /// A pseudo-terminal from a given ptmx device, such as a sandbox's own <c>/proc/PID/root/dev/pts/ptmx</c>: its
    /// slave then exists in the sandbox's /dev/pts, so <c>tty</c> inside names it. The file must answer TIOCGPTN (be
    /// a pty master) before anything is written to it. The slave is taken with TIOCGPTPEER (no path lookup) and the
    /// child opens it through vibedom's own <c>/proc/PID/fd</c> link, which makes it its controlling terminal.
    /// </summary>
    public static PtyPair OpenFrom(string ptmx)
    {
        var master = LibC.Open(ptmx, ORdWr | ONoCtty | OCloExec | ONonBlock);
        if (master < 0)
        {
            throw NativeError.Failed($"open {ptmx}");
        }

        try
        {
            int number, unlock = 0;
            if (LibC.Ioctl(master, TiocGPtn, &number) != 0)
            {
                throw NativeError.Failed($"{ptmx} is not a pseudo-terminal master (TIOCGPTN)");
            }

            if (LibC.Ioctl(master, TiocSPtLck, &unlock) != 0)
            {
                throw NativeError.Failed("unlock the pseudo-terminal (TIOCSPTLCK)");
            }

            var slave = LibC.Ioctl(master, TiocGPtPeer, (void*)(nint)(ORdWr | ONoCtty | OCloExec));
            if (slave < 0)
            {
                throw NativeError.Failed("open the pseudo-terminal's slave (TIOCGPTPEER)");
            }

            return new PtyPair(master, slave, $"/proc/{Environment.ProcessId}/fd/{slave}");
        }
        catch
        {
            LibC.Close(master);
            throw;
        }
    }

    /// <summary>Sets the size on the pair; the kernel sends SIGWINCH to the slave's foreground group.</summary>
    public void SetWindowSize(LibC.WindowSize size) => LibC.Ioctl(Master, TiocSWinSz, &size);

    /// <summary>The slave's foreground process group (the job the user is talking to), or -1.</summary>
    public int ForegroundProcessGroup()
    {
        int group;
        return LibC.Ioctl(Master, TiocGPgrp, &group) == 0 ? group : -1;
    }

    public void CloseSlave()
    {
        if (Slave >= 0)
        {
            LibC.Close(Slave);
            Slave = -1;
        }
    }

    public void Dispose()
    {
        CloseSlave();
        if (Master >= 0)
        {
            LibC.Close(Master);
            Master = -1;
        }
    }

    private static string SlaveName(int master)
    {
        const int Length = 256;
        var buffer = stackalloc byte[Length];
        var error = LibC.PtsNameR(master, buffer, Length);
        if (error != 0)
        {
            throw NativeError.Failed("ptsname_r", error);
        }

        var name = new ReadOnlySpan<byte>(buffer, Length);
        return Encoding.UTF8.GetString(name[..name.IndexOf((byte)0)]);
    }
}
