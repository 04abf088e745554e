using Vibedom.Core.Processes.Native;
using static Vibedom.Core.Processes.Native.LinuxConstants;

namespace Vibedom.Core.Processes.Pty;

/// <summary>
/// The user's side of an attached run: where keystrokes come from and where the screen is
/// (vibedom's own stdin and stdout, or a test's fake terminal). Never handed to the child.
/// </summary>
internal sealed unsafe class PtyTerminal(int input, int output)
{
    /// <summary>Rows and columns used when no terminal tells us better.</summary>
    public static readonly LibC.WindowSize DefaultSize = new() { Rows = 24, Columns = 80 };

    public static PtyTerminal Standard { get; } = new(0, 1);

    /// <summary>
    /// The user's side when only <paramref name="streams"/> of vibedom's stdio are the terminal: keystrokes from stdin
    /// when it is one (else none: the child's stdin is vibedom's own), the screen on the first of stdout, stderr and
    /// stdin that is the terminal (a terminal's descriptor is open for both ways).
    /// </summary>
    public static PtyTerminal Of(PtyStreams streams) => new(
        streams.HasFlag(PtyStreams.Input) ? 0 : NoInput,
        streams.HasFlag(PtyStreams.Output) ? 1 : streams.HasFlag(PtyStreams.Error) ? 2 : 0);

    /// <summary>No keystrokes are relayed (<see cref="Input"/>).</summary>
    public const int NoInput = -1;

    /// <summary>Which of this process's stdin, stdout and stderr are a terminal.</summary>
    public static PtyStreams OfThisProcess() =>
        (LibC.IsATty(0) == 1 ? PtyStreams.Input : PtyStreams.None)
        | (LibC.IsATty(1) == 1 ? PtyStreams.Output : PtyStreams.None)
        | (LibC.IsATty(2) == 1 ? PtyStreams.Error : PtyStreams.None);

    public int Input { get; } = input;

    public int Output { get; } = output;

    public bool InputIsTerminal => LibC.IsATty(Input) == 1;

    public bool OutputIsTerminal => LibC.IsATty(Output) == 1;

    /// <summary>The size of the user's terminal (input first, then output), or 24x80.</summary>
    public LibC.WindowSize WindowSize()
    {
        foreach (var fd in (int[])[Input, Output])
        {
            LibC.WindowSize size;
            if (LibC.Ioctl(fd, TiocGWinSz, &size) == 0 && size.Rows > 0 && size.Columns > 0)
            {
                return size;
            }
        }

        return DefaultSize;
    }

    /// <summary>
    /// The settings the child's pty starts with: the user's own (erase key, interrupt key...)
    /// when input is a terminal; otherwise the pty's defaults without echo (piped input is not
    /// printed back), and without CR-LF translation when output is not a terminal either.
    /// </summary>
    public void ConfigureChildTerminal(PtyPair pty)
    {
        if (InputIsTerminal && Termios.TryRead(Input) is { } user)
        {
            user.TryApply(pty.Slave, TcsaNow);
        }
        else if (Termios.TryRead(pty.Slave) is { } defaults)
        {
            defaults.ClearEcho();
            if (!OutputIsTerminal)
            {
                defaults.ClearOutputCrLf();
            }

            defaults.TryApply(pty.Slave, TcsaNow);
        }

        pty.SetWindowSize(WindowSize());
    }

    /// <summary>Puts the input terminal in raw mode until the scope is disposed (or the process exits).</summary>
    public PtyRawMode EnterRawMode() => PtyRawMode.Enter(Input);
}
