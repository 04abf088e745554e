using System.Runtime.InteropServices;

namespace Vibedom.Core.Workspace.Native;

internal static partial class LibC
{
    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUid();

    [DllImport("libc", EntryPoint = "getegid")]
    private static extern uint GetEffectiveGid();

    /// <summary>This process's effective uid and gid: the only ids an ordinary user's sandbox maps.</summary>
    public static (uint Uid, uint Gid) EffectiveIds() => (GetEffectiveUid(), GetEffectiveGid());
}
