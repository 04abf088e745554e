namespace Vibedom.Core.Processes.Pty;

/// <summary>Which of the child's stdin, stdout and stderr are the pty's slave (the others are vibedom's own, inherited).</summary>
[Flags]
public enum PtyStreams
{
    None = 0,
    Input = 1,
    Output = 2,
    Error = 4,
    All = Input | Output | Error,
}
