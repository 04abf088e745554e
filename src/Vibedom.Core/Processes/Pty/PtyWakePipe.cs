using Vibedom.Core.Processes.Native;
using static Vibedom.Core.Processes.Native.LinuxConstants;

namespace Vibedom.Core.Processes.Pty;

/// <summary>A self-pipe that wakes a relay thread blocked in poll() (non-blocking, close-on-exec).</summary>
internal sealed unsafe class PtyWakePipe : IDisposable
{
    private int _read;
    private int _write;

    public PtyWakePipe()
    {
        var fds = stackalloc int[2];
        if (LibC.Pipe2(fds, OCloExec | ONonBlock) != 0)
        {
            throw NativeError.Failed("pipe2");
        }

        _read = fds[0];
        _write = fds[1];
    }

    public int ReadFd => _read;

    public void Signal()
    {
        byte one = 1;
        LibC.Write(_write, &one, 1);
    }

    public void Drain()
    {
        var buffer = stackalloc byte[64];
        while (LibC.Read(_read, buffer, 64) > 0)
        {
        }
    }

    public void Dispose()
    {
        if (_read >= 0)
        {
            LibC.Close(_read);
            LibC.Close(_write);
            _read = _write = -1;
        }
    }
}
