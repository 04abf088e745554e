using Vibedom.Core.Errors;
using Vibedom.Core.Processes.Native;
using static Vibedom.Core.Processes.Native.LinuxConstants;

namespace Vibedom.Core.Processes.Pty;

/// <summary>
/// Runs a command in the foreground on a pseudo-terminal of its own, relayed to vibedom's
/// stdin and stdout. The child gets a tty (so TUI agents work), window size and Ctrl-C, but
/// never vibedom's own terminal: it cannot inject keystrokes into the user's shell (TIOCSTI)
/// or change its settings. Attached runs are Linux-only for now.
/// </summary>
/// <remarks>
/// From <see cref="ProcessSpec"/> this uses the program (looked up on vibedom's own PATH, as
/// <see cref="ProcessRunner"/> does), arguments, environment (cleared plus the basic variables
/// when asked, plus <see cref="ProcessSpec.Environment"/>) and working directory. It ignores
/// <see cref="ProcessSpec.Timeout"/> (an interactive session has none: cancel instead),
/// <see cref="ProcessSpec.StandardInput"/> and <see cref="ProcessSpec.Inherit"/>.
/// </remarks>
public sealed class PtyProcessRunner
{
    private readonly PtyTerminal _terminal;

    public PtyProcessRunner()
        : this(PtyTerminal.Standard)
    {
    }

    internal PtyProcessRunner(PtyTerminal terminal) => _terminal = terminal;

    public static PtyProcessRunner Default { get; } = new();

    /// <summary>Which of vibedom's own stdin, stdout and stderr are a terminal (those a foreground sandbox gets a pty for).</summary>
    public static PtyStreams TerminalStreams() => PtyTerminal.OfThisProcess();

    /// <summary>
    /// Runs the command attached and returns its exit status as a shell reports it (128 + the
    /// signal number when a signal killed it), after relaying every byte it wrote.
    /// </summary>
    /// <remarks>
    /// When stdin is a terminal it is put in raw mode for the run (restored on every way out),
    /// and its size is copied to the pty at start and on SIGWINCH. Ctrl-C reaches the child as
    /// a byte and the pty turns it into SIGINT for the child's foreground job; SIGINT, SIGTERM,
    /// SIGHUP and SIGQUIT sent to vibedom are forwarded the same way and do not kill vibedom.
    /// When stdin is not a terminal (a pipe, CI), the child still gets a pty (without echo, and
    /// without CR-LF translation when stdout is not a terminal either); the input is relayed
    /// through the pty's line discipline, as `script` or `ssh -tt` do (a 0x03 byte is Ctrl-C,
    /// a line is cut at 4095 bytes in canonical mode), and its end becomes ^D (end of file).
    /// When the output is a terminal, the modes the child left behind are reset once it has ended (see
    /// <see cref="PtyScreenModes"/>). Cancellation kills the child's process group with SIGKILL and then throws
    /// <see cref="OperationCanceledException"/>.
    /// </remarks>
    /// <exception cref="VibedomException">The program cannot be found (exit code 127) or run (126), or no pty could be opened.</exception>
    /// <param name="ptmx">The ptmx device to take the pty from (a sandbox's, so the child's tty is a path of its own
    /// /dev/pts); null: the host's.</param>
    /// <param name="streams">Which of the child's stdin, stdout, stderr are the pty (<see cref="PtyStreams.All"/>: the
    /// run described above). Fewer: those that are vibedom's terminal (<see cref="TerminalStreams"/>), so the
    /// child never holds the user's terminal (it could chmod it) yet still sees a tty there; the others are vibedom's
    /// own, inherited as they are (a file, a pipe). Keystrokes are relayed only when stdin is among them.</param>
    public async Task<int> RunAttachedAsync(ProcessSpec spec, CancellationToken cancellationToken = default, string? ptmx = null, PtyStreams streams = PtyStreams.All)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!OperatingSystem.IsLinux())
        {
            throw VibedomException.Prerequisite("attached runs on a pseudo-terminal are only implemented for Linux");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var program = ProcessRunner.Which(spec.FileName)
            ?? throw VibedomException.WithCode($"{spec.FileName}: command not found", ExitCodes.CommandNotFound);
        if (spec.WorkingDirectory is { } directory && !Directory.Exists(directory))
        {
            throw VibedomException.Failed($"cannot run {spec.FileName}: working directory {directory} does not exist");
        }

        var terminal = streams == PtyStreams.All ? _terminal : PtyTerminal.Of(streams);
        using var pty = ptmx is null ? PtyPair.Open() : PtyPair.OpenFrom(ptmx);
        terminal.ConfigureChildTerminal(pty);
        var interactive = terminal.InputIsTerminal;
        using var rawMode = interactive ? terminal.EnterRawMode() : null;
        var resize = interactive || terminal.OutputIsTerminal ? () => pty.SetWindowSize(terminal.WindowSize()) : (Action?)null;
        using var signals = new PtySignalForwarder(pty, resize);
        using var relay = PtyRelay.Create(terminal, pty.Master, sendEofAtEnd: !interactive);

        var pid = PtySpawner.Spawn(program, [spec.FileName, .. spec.Arguments], BuildEnvironment(spec), pty.SlavePath, spec.WorkingDirectory, streams);
        signals.SetChild(pid);
        pty.CloseSlave();
        relay.Start();

        int status;
        using (cancellationToken.Register(() => LibC.Kill(-pid, SigKill)))
        {
            status = await PtyExitStatus.WaitAsync(pid).ConfigureAwait(false);
        }

        signals.ChildExited();
        relay.ChildExited();
        await relay.Drained.ConfigureAwait(false);
        if (terminal.OutputIsTerminal)
        {
            // the agent may have died mid-screen: leave its alternate screen, modes and colours before vibedom draws
            PtyIo.WriteAll(terminal.Output, relay.Screen.ResetSequence(), null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return status;
    }

    private static List<string> BuildEnvironment(ProcessSpec spec) =>
        [.. ProcessRunner.BuildStartInfo(spec).Environment
            .Where(variable => variable.Value is not null)
            .Select(variable => $"{variable.Key}={variable.Value}")
            .Order(StringComparer.Ordinal)];
}
