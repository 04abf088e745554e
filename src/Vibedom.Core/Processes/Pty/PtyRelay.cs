namespace Vibedom.Core.Processes.Pty;

/// <summary>
/// Two threads copying raw bytes with no buffering: user input to the pty master, and the
/// master to the user's output. The output side reads until the kernel reports EIO (every
/// slave descriptor closed), so the child's last words are never lost; if some stray process
/// keeps the slave open after the child exited, it stops after a quiet spell instead.
/// </summary>
internal sealed partial class PtyRelay : IDisposable
{
    private const int QuietAfterExitMilliseconds = 200;
    private const int MaxDrainAfterExitMilliseconds = 2000;

    private readonly int _input;
    private readonly int _output;
    private readonly int _master;
    private readonly bool _sendEofAtEnd;
    private readonly PtyWakePipe _inputWake = new();
    private readonly PtyWakePipe _outputWake = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _inputThread;
    private readonly Thread _outputThread;
    private volatile bool _childExited;
    private volatile bool _stopping;

    private PtyRelay(PtyTerminal terminal, int master, bool sendEofAtEnd)
    {
        _input = terminal.Input;
        _output = terminal.Output;
        _master = master;
        _sendEofAtEnd = sendEofAtEnd;
        _inputThread = new Thread(PumpInput) { IsBackground = true, Name = "vibedom pty input" };
        _outputThread = new Thread(PumpOutput) { IsBackground = true, Name = "vibedom pty output" };
    }

    /// <summary>The terminal modes the child left switched on in what was relayed (read after <see cref="Drained"/>).</summary>
    public PtyScreenModes Screen { get; } = new();

    /// <summary>Completes when the output side has relayed everything the child wrote.</summary>
    public Task Drained => _drained.Task;

    /// <summary>Prepares the relay (its wake-up pipes and threads) so that starting it after the spawn cannot fail.</summary>
    /// <param name="sendEofAtEnd">When input ends (a pipe's EOF), type ^D so the child sees end of file.</param>
    public static PtyRelay Create(PtyTerminal terminal, int master, bool sendEofAtEnd) => new(terminal, master, sendEofAtEnd);

    public void Start()
    {
        _outputThread.Start();
        if (_input != PtyTerminal.NoInput)
        {
            _inputThread.Start();
        }
    }

    public void ChildExited()
    {
        _childExited = true;
        _outputWake.Signal();
    }

    public void Dispose()
    {
        _stopping = true;
        _inputWake.Signal();
        _outputWake.Signal();
        foreach (var thread in (Thread[])[_inputThread, _outputThread])
        {
            if ((thread.ThreadState & ThreadState.Unstarted) == 0)
            {
                thread.Join();
            }
        }

        _drained.TrySetResult();
        _inputWake.Dispose();
        _outputWake.Dispose();
    }
}
