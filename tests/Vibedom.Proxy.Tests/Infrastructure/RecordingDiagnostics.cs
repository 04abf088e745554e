using System.Collections.Concurrent;
using Vibedom.Proxy.Logging;

namespace Vibedom.Proxy.Tests.Infrastructure;

/// <summary>A diagnostics sink that keeps every report and lets a test wait for one (an event, never a sleep).</summary>
internal sealed class RecordingDiagnostics : IProxyDiagnostics
{
    private readonly ConcurrentQueue<ProxyDiagnostic> _reports = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyList<ProxyDiagnostic> Reports => [.. _reports];

    public void Report(ProxyDiagnostic diagnostic)
    {
        _reports.Enqueue(diagnostic);
        _arrived.Release();
    }

    /// <summary>The first report with <paramref name="eventId"/>; waits for it up to a bound (30 s) and fails after.</summary>
    public async Task<ProxyDiagnostic> WaitForAsync(int eventId)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_reports.FirstOrDefault(r => r.EventId == eventId) is { } found)
            {
                return found;
            }

            try
            {
                await _arrived.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no diagnostic {eventId} arrived; got: {string.Join(" | ", _reports.Select(r => r.Message))}");
            }
        }
    }
}
