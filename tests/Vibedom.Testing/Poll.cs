using System.Runtime.CompilerServices;
using Xunit;

namespace Vibedom.Testing;

/// <summary>
/// Waits for what a test cannot be told of (a file appearing, a process gone, a line in a log): checks every 50 ms until
/// the condition holds, and fails the test, naming the condition as written, when the bound (60 s unless given) passes
/// first. The bound is a limit for a broken run, not a timing: a passing run never waits for it.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(60);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test when it has not within <paramref name="bound"/> (default 60 s).</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan? bound = null, [CallerArgumentExpression(nameof(condition))] string what = "")
    {
        ArgumentNullException.ThrowIfNull(condition);
        await ForAsync(() => condition() ? string.Empty : null, bound, what).ConfigureAwait(false);
    }

    /// <summary>The first value <paramref name="probe"/> gives that is not null; fails the test when it gives none within <paramref name="bound"/> (default 60 s).</summary>
    public static async Task<T> ForAsync<T>(Func<T?> probe, TimeSpan? bound = null, [CallerArgumentExpression(nameof(probe))] string what = "")
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var limit = bound ?? DefaultBound;
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            if (TimeProvider.System.GetElapsedTime(started) >= limit)
            {
                Assert.Fail($"not reached in {limit.TotalSeconds:0.#} s: {what}");
            }

            await Task.Delay(Interval, TestContext.Current.CancellationToken).ConfigureAwait(false);
        }
    }
}
