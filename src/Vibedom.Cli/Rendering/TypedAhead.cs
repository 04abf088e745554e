using System.Runtime.InteropServices;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// Drops what reached the terminal before a question was shown: keys typed ahead, pasted text, or replies the
/// terminal sent to escape sequences (the agent's output may have asked for them) must never answer it.
/// </summary>
internal static class TypedAhead
{
    private const int TcIFlush = 0;

#pragma warning disable CA2101, CA5392, SYSLIB1054
    [DllImport("libc", SetLastError = true, EntryPoint = "tcflush")]
    private static extern int TcFlush(int fd, int queueSelector);
#pragma warning restore CA2101, CA5392, SYSLIB1054

    /// <summary>Discards pending terminal input (the runtime's buffer, then the kernel's queue); true when there was some.</summary>
    public static bool Discard()
    {
        if (Console.IsInputRedirected)
        {
            return false;
        }

        var any = false;
        while (Console.KeyAvailable)
        {
            _ = Console.ReadKey(intercept: true);
            any = true;
        }

        _ = TcFlush(0, TcIFlush);
        return any;
    }
}
