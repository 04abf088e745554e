using System.Runtime.InteropServices;

namespace Vibedom.Core.Workspace.Native;

internal static partial class LibC
{
    private const int WriteOk = 2;
    private const int SearchOk = 1;

#pragma warning disable CA2101, CA5392, SYSLIB1054 // UTF-8 paths on Unix; libc is resolved by the runtime
    [DllImport("libc", SetLastError = true, EntryPoint = "access")]
    private static extern int AccessNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
#pragma warning restore CA2101, CA5392, SYSLIB1054

    /// <summary>True when this process may create entries in <paramref name="directory"/> (access(2), W_OK and X_OK).</summary>
    public static bool CanCreateIn(string directory) => AccessNative(directory, WriteOk | SearchOk) == 0;
}
