using System.Runtime.InteropServices;

namespace Vibedom.Runtimes.Namespace;

/// <summary>The two libc calls .NET lacks: sending a chosen signal to a pid.</summary>
internal static partial class Posix
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    /// <summary>kill(2); returns false when the process does not exist (or is not ours).</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
