using Vibedom.Core.Limits;

namespace Vibedom.Runtimes.Namespace.Cgroups;

/// <summary>
/// Bounds the disk use of a session: the blocks allocated under its changes/, plus what the agent's state folders (bound
/// writable, on the host's disk too) grew by since the watch began (sparse holes do not count, symlinks are not followed),
/// plus the deleted files its processes still hold open (<see cref="HeldDeletedFiles"/>); once over the limit, kills the
/// sandbox's init, which ends every process of its pid namespace. The changes written so far stay reviewable. The pause
/// between two measurements grows with the cost of one (at least <see cref="MinimumPause"/>), so a huge tree costs the
/// host little.
/// </summary>
public sealed class DiskWatcher : IAsyncDisposable
{
    public static readonly TimeSpan MinimumPause = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private readonly long _limit;

    private DiskWatcher(string changes, IReadOnlyList<string> state, long limit, Func<int?> supervisor, TimeProvider time)
    {
        _limit = limit;
        _loop = Task.Run(() => LoopAsync(changes, state, supervisor, time, _stop.Token));
    }

    /// <summary>Set once the limit was reached and the sandbox stopped: the sentence for session.log and the summary.</summary>
    public string? Reached { get; private set; }

    /// <param name="changes">The session's changes/ folder.</param>
    /// <param name="state">The agent's state folders the sandbox writes (their growth counts; what they held before does not).</param>
    /// <param name="limits">Its limits (<see cref="ResourceLimits.DiskBytes"/>).</param>
    /// <param name="supervisor">The pid of the process the sandbox runs under (vibedom itself, or a detached session's supervisor), once known.</param>
    /// <param name="time">The clock the pauses run on.</param>
    public static DiskWatcher Start(string changes, IReadOnlyList<string> state, ResourceLimits limits, Func<int?> supervisor, TimeProvider time) =>
        new(changes, state, limits.DiskBytes, supervisor, time);

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

    private async Task LoopAsync(string changes, IReadOnlyList<string> state, Func<int?> supervisor, TimeProvider time, CancellationToken cancellationToken)
    {
        var before = state.Select(Measure).ToList();
        var what = state.Count == 0 ? "changes/" : "changes/ and the agent's state";
        (int Pid, long? Start)? init = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            init = init is { } known && ProcFs.IsAlive(known.Pid, known.Start) ? known : FindInit(supervisor);
            var used = Used(changes, state, before);
            long? held = 0;
            string? unmeasured = null;
            if (used is not null && init is { } sandbox)
            {
                held = HeldDeletedFiles.Measure(sandbox.Pid, out unmeasured);
                used = held is { } bytes ? used + bytes : null;
            }

            if ((used is null || used > _limit) && init is { } stop)
            {
                Reached = (used, unmeasured) switch
                {
                    ({ } bytes, _) when held > 0 => $"disk limit {ByteSize.Format(_limit)} of {what} reached ({ByteSize.Format(bytes)} written, {ByteSize.Format(held.Value)} of it in deleted files still open): the sandbox was stopped",
                    ({ } bytes, _) => $"disk limit {ByteSize.Format(_limit)} of {what} reached ({ByteSize.Format(bytes)} written): the sandbox was stopped",
                    (null, { } why) => $"the disk watcher cannot measure the deleted files the sandbox holds open ({why}): the sandbox was stopped",
                    _ => $"{what} holds folders nested deeper than the disk watcher measures ({AllocatedTree.MaxDepth}): the sandbox was stopped",
                };
                Posix.Signal(stop.Pid, Posix.SIGKILL);
                return;
            }

            var pause = time.GetElapsedTime(started) * 4;
            await Task.Delay(pause > MinimumPause ? pause : MinimumPause, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The sandbox's init and its start time (against pid reuse), once the sandbox runs.</summary>
    private static (int Pid, long? Start)? FindInit(Func<int?> supervisor) =>
        supervisor() is { } pid && ProcFs.FindSandboxInit(pid) is { } init ? (init, ProcFs.StartTicks(init)) : null;

    /// <summary>changes/ whole, plus each state folder's growth since <paramref name="before"/>; null when any cannot be measured.</summary>
    private static long? Used(string changes, IReadOnlyList<string> state, IReadOnlyList<long?> before)
    {
        var used = Measure(changes);
        for (var i = 0; i < state.Count && used is not null; i++)
        {
            var now = Measure(state[i]);
            used = now is null || before[i] is null ? null : used + Math.Max(0, now.Value - before[i]!.Value);
        }

        return used;
    }
}
