using Vibedom.Core.Processes.Native;
using static Vibedom.Core.Processes.Native.LinuxConstants;

namespace Vibedom.Core.Processes.Pty;

/// <summary>
/// Raw mode on the user's terminal: every byte (Ctrl-C included) is passed through untouched,
/// no echo, no output processing. Disposing restores the saved settings; so does process
/// exit, as a second line of defence. A hard kill (SIGKILL) cannot be covered: `stty sane`.
/// </summary>
internal sealed class PtyRawMode : IDisposable
{
    private readonly int _fd;
    private readonly Termios? _saved;
    private int _restored;

    private PtyRawMode(int fd, Termios? saved)
    {
        _fd = fd;
        _saved = saved;
        if (_saved is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }
    }

    public static PtyRawMode Enter(int fd)
    {
        var saved = Termios.TryRead(fd);
        if (saved is null)
        {
            return new PtyRawMode(fd, null);
        }

        var raw = saved.Copy();
        raw.MakeRaw();
        if (!raw.TryApply(fd, TcsaDrain))
        {
            throw NativeError.Failed("tcsetattr (raw mode)");
        }

        return new PtyRawMode(fd, saved);
    }

    public void Dispose()
    {
        if (_saved is null || Interlocked.Exchange(ref _restored, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;

        // best effort: a hung-up terminal cannot be restored and needs no restoring
        _saved.TryApply(_fd, TcsaDrain);
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();
}
