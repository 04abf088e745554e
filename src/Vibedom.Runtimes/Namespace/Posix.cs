using System.Runtime.InteropServices;

namespace Vibedom.Runtimes.Namespace;

/// <summary>The libc calls .NET lacks: sending a chosen signal to a pid, access(2), lchown(2) (the allocated size of a tree: <see cref="Cgroups.AllocatedTree"/>).</summary>
internal static partial class Posix
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    /// <summary>kill(2); returns false when the process does not exist (or is not ours).</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>access(2) with W_OK: whether this process may create entries in the folder <paramref name="path"/>.</summary>
    public static bool CanWrite(string path) => Access(path, 2) == 0;

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);

    /// <summary>lchown(2); throws when it fails (the run state must belong to the account that starts the sandbox).</summary>
    public static void Chown(string path, int uid, int gid)
    {
        if (LChown(path, uid, gid) != 0)
        {
            throw new IOException($"cannot chown {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LChown(string path, int uid, int gid);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
