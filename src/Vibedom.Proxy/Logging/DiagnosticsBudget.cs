using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Vibedom.Proxy.Logging;

/// <summary>
/// The proxy's diagnostics reach session.log, and most are fed by what the agent does (a HIGH-risk value sent, an
/// upstream's TLS refused, a transform failing): without a bound an agent in a loop writes the host's disk without end.
/// A report identical to the one just passed, within <see cref="RepeatWindow"/> of it, is counted, not passed (one line
/// says how many before the next other one, at the first repeat past the window, or at close). The messages passed may
/// total <see cref="DefaultLimit"/> characters; the one that would pass it is replaced by one line saying so, and from
/// then on reports are dropped and counted (a line at close). Critical reports (the network log failing or full, the
/// proxy not starting: each once per session) always pass.
/// </summary>
internal sealed class DiagnosticsBudget(IProxyDiagnostics sink, long limit, TimeProvider time) : IProxyDiagnostics
{
    /// <summary>4 Mi characters: twenty thousand lines of DLP findings, far more than a session's honest share.</summary>
    public const long DefaultLimit = 4L << 20;

    public const int FullEventId = 5014;
    public const int RepeatedEventId = 5015;

    public static readonly TimeSpan RepeatWindow = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private long _passed;
    private bool _full;
    private long _dropped;
    private ProxyDiagnostic? _last;
    private long _lastAt;
    private long _repeats;

    public void Report(ProxyDiagnostic diagnostic)
    {
        lock (_lock)
        {
            if (diagnostic.Level >= LogLevel.Critical)
            {
                PassRepeats();
                sink.Report(diagnostic);
                return;
            }

            if (_last is { } last && last.EventId == diagnostic.EventId && last.Message == diagnostic.Message
                && time.GetElapsedTime(_lastAt) < RepeatWindow)
            {
                _repeats++;
                return;
            }

            PassRepeats();
            if (Pass(diagnostic))
            {
                _last = diagnostic;
                _lastAt = time.GetTimestamp();
            }
        }
    }

    /// <summary>When the proxy stops: the pending repeats, and how many reports the budget dropped.</summary>
    public void Close()
    {
        lock (_lock)
        {
            PassRepeats();
            if (_dropped > 0)
            {
                sink.Report(new ProxyDiagnostic(LogLevel.Warning, FullEventId, string.Create(CultureInfo.InvariantCulture,
                    $"{_dropped} diagnostic line(s) were dropped after the proxy's diagnostics reached their limit")));
                _dropped = 0;
            }
        }
    }

    /// <summary>Passes one report within the budget, or says once that the budget is spent. Under the lock.</summary>
    private bool Pass(ProxyDiagnostic diagnostic)
    {
        if (_full)
        {
            _dropped++;
            return false;
        }

        if (_passed + diagnostic.Message.Length > limit)
        {
            _full = true;
            _dropped++;
            _last = null;
            sink.Report(new ProxyDiagnostic(LogLevel.Warning, FullEventId, string.Create(CultureInfo.InvariantCulture,
                $"the proxy's diagnostics reached their limit of {NetworkLog.Size(limit)} of text for this session: further ones are dropped and counted (network.jsonl still has every request's line)")));
            return false;
        }

        _passed += diagnostic.Message.Length;
        sink.Report(diagnostic);
        return true;
    }

    /// <summary>The count of reports folded into the last one passed, as a line of its own. Under the lock.</summary>
    private void PassRepeats()
    {
        if (_repeats > 0 && _full)
        {
            _dropped += _repeats;
        }
        else if (_repeats > 0 && _last is { } last)
        {
            var repeats = _repeats;
            _repeats = 0;
            Pass(new ProxyDiagnostic(last.Level, RepeatedEventId, string.Create(CultureInfo.InvariantCulture,
                $"the line before (event {last.EventId}) came {repeats} more time(s) within {RepeatWindow.TotalSeconds:0} s")));
        }

        _repeats = 0;
        _last = null;
    }
}
