using Microsoft.Extensions.Logging;

namespace Vibedom.Proxy.Tests.Infrastructure;

/// <summary>
/// A logger factory for <see cref="Vibedom.Proxy.Hosting.ProxyOptions.LoggerFactory"/> that keeps every event the proxy logs, so a
/// test waits for the event that proves a moment has passed (a reload ran, say) instead of sleeping.
/// </summary>
internal sealed class RecordedLog : ILoggerFactory
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Lock _lock = new();
    private readonly List<(int Id, string Message)> _events = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many events have been logged so far: a mark to wait for later ones.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>The first event with one of <paramref name="ids"/> logged after <paramref name="mark"/> events; fails after 30 s.</summary>
    public async Task<(int Id, string Message)> NextAsync(int mark, params int[] ids)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Xunit.TestContext.Current.CancellationToken);
        patience.CancelAfter(Patience);
        while (true)
        {
            Task added;
            lock (_lock)
            {
                var found = _events.Skip(mark).Where(e => ids.Contains(e.Id)).Take(1).ToList();
                if (found.Count == 1)
                {
                    return found[0];
                }

                added = _added.Task;
            }

            try
            {
                await added.WaitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no event {string.Join(" or ", ids)} after the first {mark} in {Patience.TotalSeconds} s");
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private void Add(int id, string message)
    {
        TaskCompletionSource added;
        lock (_lock)
        {
            _events.Add((id, message));
            added = _added;
            _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        added.SetResult();
    }

    private sealed class Recorder(RecordedLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Add(eventId.Id, formatter(state, exception));
    }
}
