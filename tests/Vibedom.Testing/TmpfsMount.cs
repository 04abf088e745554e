using Vibedom.Core.Processes;
using Xunit;

namespace Vibedom.Testing;

/// <summary>
/// A small tmpfs mounted over a folder for one test: a second file system (cross-device moves) or a full disk.
/// Needs root (skipped locally without it, failed in CI). Disposing unmounts it, lazily, so a mount still in use
/// (a sandbox's, say) never outlives the test.
/// </summary>
public sealed class TmpfsMount : IAsyncDisposable, IDisposable
{
    private int _unmounted;

    private TmpfsMount(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <param name="path">the folder to mount over (created when missing)</param>
    /// <param name="size">the tmpfs size as mount takes it: <c>256k</c>, <c>16m</c></param>
    /// <param name="mode">the root folder's mode, octal (<c>0700</c>), or the default</param>
    public static async Task<TmpfsMount> MountAsync(string path, string size, string? mode = null)
    {
        Prerequisite.Require(Prerequisite.IsRoot, "mounting a tmpfs needs root");
        Directory.CreateDirectory(path);
        var options = mode is null ? $"size={size}" : $"size={size},mode={mode}";
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("mount", "-t", "tmpfs", "-o", options, "tmpfs", path), TestContext.Current.CancellationToken).ConfigureAwait(false);
        return new TmpfsMount(path);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _unmounted, 1) == 0)
        {
            await ProcessRunner.Default.RunAsync(ProcessSpec.Of("umount", "-l", Path), CancellationToken.None).ConfigureAwait(false);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
