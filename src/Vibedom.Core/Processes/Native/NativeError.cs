using System.Runtime.InteropServices;
using Vibedom.Core.Errors;

namespace Vibedom.Core.Processes.Native;

/// <summary>Turns a failed libc call into vibedom's one-line error.</summary>
internal static class NativeError
{
    public static VibedomException Failed(string call, int errno) =>
        VibedomException.Failed($"pseudo-terminal: {call} failed: {Marshal.GetPInvokeErrorMessage(errno)}");

    public static VibedomException Failed(string call) => Failed(call, LibC.Errno);
}
