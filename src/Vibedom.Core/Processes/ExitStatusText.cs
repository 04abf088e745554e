using System.Globalization;

namespace Vibedom.Core.Processes;

/// <summary>
/// Says how a command ended from its exit status, shell style: above 128 it was killed by signal
/// status - 128 (the sandbox's init reports a signalled agent that way).
/// </summary>
public static class ExitStatusText
{
    private static readonly string[] Names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
        "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    /// <summary>The signal that ended the command, or null when it exited by itself.</summary>
    public static int? Signal(int status) => status is > 128 and <= 128 + 64 ? status - 128 : null;

    /// <summary>"exited with code 3", or "was killed by signal 9 (SIGKILL), exit code 137".</summary>
    public static string Describe(int status) => Signal(status) is { } signal
        ? string.Create(CultureInfo.InvariantCulture, $"was killed by signal {signal}{(signal < Names.Length ? $" ({Names[signal]})" : string.Empty)}, exit code {status}")
        : string.Create(CultureInfo.InvariantCulture, $"exited with code {status}");
}
