using System.Runtime.InteropServices;
using Vibedom.Core.Processes.Native;
using static Vibedom.Core.Processes.Native.LinuxConstants;

namespace Vibedom.Core.Processes.Pty;

/// <summary>
/// While a child runs attached, vibedom does not die of SIGTERM, SIGHUP, SIGINT or SIGQUIT:
/// it passes them on to the child's process group and to the pty's foreground job, and waits
/// for the child to end (restoring the terminal on the way out). SIGWINCH resizes the pty.
/// A signal arriving before the child exists is delivered as soon as it does.
/// </summary>
internal sealed class PtySignalForwarder : IDisposable
{
    private static readonly (PosixSignal Signal, int Number)[] Forwarded =
    [
        (PosixSignal.SIGTERM, SigTerm),
        (PosixSignal.SIGHUP, SigHup),
        (PosixSignal.SIGINT, SigInt),
        (PosixSignal.SIGQUIT, SigQuit),
    ];

    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly PtyPair _pty;
    private readonly Lock _lock = new();
    private int _child;
    private int _pending;

    public PtySignalForwarder(PtyPair pty, Action? onWindowChange)
    {
        _pty = pty;
        foreach (var (signal, number) in Forwarded)
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Forward(number);
            }));
        }

        if (onWindowChange is not null)
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => onWindowChange()));
        }
    }

    public void SetChild(int pid)
    {
        int pending;
        lock (_lock)
        {
            _child = pid;
            pending = _pending;
        }

        if (pending != 0)
        {
            Forward(pending);
        }
    }

    /// <summary>The child has been reaped: its pid may be reused, so nothing is sent any more.</summary>
    public void ChildExited()
    {
        lock (_lock)
        {
            _child = -1;
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        ChildExited();
    }

    private void Forward(int signal)
    {
        int child;
        lock (_lock)
        {
            child = _child;
            if (child <= 0)
            {
                _pending = child == 0 ? signal : 0;
                return;
            }
        }

        LibC.Kill(-child, signal);
        var foreground = _pty.ForegroundProcessGroup();
        if (foreground > 0 && foreground != child)
        {
            LibC.Kill(-foreground, signal);
        }
    }
}
