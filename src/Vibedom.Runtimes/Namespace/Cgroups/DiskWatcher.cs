using Vibedom.Core.Limits;

namespace Vibedom.Runtimes.Namespace.Cgroups;

/// <summary>
/// Bounds the disk use of a session's changes/: measures the blocks allocated under it (sparse holes do not
/// count, symlinks are not followed) and, once over the limit, kills the sandbox's init, which ends every
/// process of its pid namespace. The changes written so far stay reviewable. The pause between two
/// measurements grows with the cost of one (at least <see cref="MinimumPause"/>), so a huge tree costs the host little.
/// </summary>
public sealed class DiskWatcher : IAsyncDisposable
{
    public static readonly TimeSpan MinimumPause = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private readonly long _limit;

    private DiskWatcher(string changes, long limit, Func<int?> supervisor, TimeProvider time)
    {
        _limit = limit;
        _loop = Task.Run(() => LoopAsync(changes, supervisor, time, _stop.Token));
    }

    /// <summary>Set once the limit was reached and the sandbox stopped: the sentence for session.log and the summary.</summary>
    public string? Reached { get; private set; }

    /// <param name="changes">The session's changes/ folder.</param>
    /// <param name="limits">Its limits (<see cref="ResourceLimits.DiskBytes"/>).</param>
    /// <param name="supervisor">The pid of the process the sandbox runs under (vibedom itself, or a detached session's supervisor), once known.</param>
    /// <param name="time">The clock the pauses run on.</param>
    public static DiskWatcher Start(string changes, ResourceLimits limits, Func<int?> supervisor, TimeProvider time) =>
        new(changes, limits.DiskBytes, supervisor, time);

    /// <summary>
    /// Blocks allocated under <paramref name="root"/>, in bytes (the folder itself included), walked by descriptor so no
    /// depth hides anything (<see cref="AllocatedTree"/>); null when it cannot all be measured (deeper than
    /// <see cref="AllocatedTree.MaxDepth"/> levels): the sandbox is then stopped as if past the limit.
    /// </summary>
    public static long? Measure(string root) => AllocatedTree.Measure(root);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync(string changes, Func<int?> supervisor, TimeProvider time, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            var used = Measure(changes);
            if ((used is null || used > _limit) && supervisor() is { } pid && ProcFs.FindSandboxInit(pid) is { } init)
            {
                Reached = used is { } bytes
                    ? $"disk limit {ByteSize.Format(_limit)} of changes/ reached ({ByteSize.Format(bytes)} written): the sandbox was stopped"
                    : $"changes/ holds folders nested deeper than the disk watcher measures ({AllocatedTree.MaxDepth}): the sandbox was stopped";
                Posix.Signal(init, Posix.SIGKILL);
                return;
            }

            var pause = time.GetElapsedTime(started) * 4;
            await Task.Delay(pause > MinimumPause ? pause : MinimumPause, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
