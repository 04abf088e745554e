namespace Vibedom.Proxy.Logging;

/// <summary>
/// Flood control for an agent that repeats a refused request in a loop: a refusal identical to the line just written
/// (same method, URL, host, port, reason, status; no scrubbed item) within <see cref="RepeatWindow"/> of that line is
/// counted, not written; the repeats are written as one line (the last one's, with <c>repeated</c>: how many
/// refusals it stands for, the first one's line not included) before the next different line, at the first
/// repeat past the window, or when the log closes. A refused
/// request was not forwarded, so deferring its record is allowed; a crash loses the count of at most one window's
/// repeats (the first refusal's own line is already written).
/// </summary>
internal sealed partial class NetworkLog
{
    /// <summary>How long identical refusals are folded into one line.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromSeconds(10);

    private NetworkLogEntry? _lastRefusal;
    private long _lastRefusalAt;
    private NetworkLogEntry? _repeat;
    private int _repeats;

    /// <summary>True when <paramref name="entry"/> repeats the refusal just written and was counted instead. Under the lock.</summary>
    private bool Repeats(NetworkLogEntry entry)
    {
        if (_lastRefusal is not { } last || !SameRefusal(last, entry) || _time.GetElapsedTime(_lastRefusalAt) >= RepeatWindow)
        {
            return false;
        }

        _repeat = entry;
        _repeats++;
        return true;
    }

    /// <summary>Writes the pending repeats' line (before any other line). Under the lock.</summary>
    private void WriteRepeats()
    {
        if (_repeat is { } repeat)
        {
            _repeat = null;
            WriteLine(_repeats > 1 ? repeat with { Repeated = _repeats } : repeat);
            _repeats = 0;
        }

        _lastRefusal = null;
    }

    /// <summary>After a line was written: a refusal's may start a run of repeats. Under the lock.</summary>
    private void Remember(NetworkLogEntry entry, bool refusal)
    {
        if (refusal && !entry.Allowed && entry.Phase is null && entry.Scrubbed is not { Count: > 0 } && entry.Repeated is null)
        {
            _lastRefusal = entry;
            _lastRefusalAt = _time.GetTimestamp();
        }
    }

    private static bool SameRefusal(NetworkLogEntry a, NetworkLogEntry b) =>
        b.Phase is null && !b.Allowed && b.Scrubbed is not { Count: > 0 }
        && a.Status == b.Status && a.Port == b.Port && a.BytesOut == b.BytesOut && a.BytesIn == b.BytesIn
        && string.Equals(a.Url, b.Url, StringComparison.Ordinal) && string.Equals(a.Reason, b.Reason, StringComparison.Ordinal)
        && string.Equals(a.Host, b.Host, StringComparison.Ordinal) && string.Equals(a.Method, b.Method, StringComparison.Ordinal)
        && string.Equals(a.Tls, b.Tls, StringComparison.Ordinal);
}
