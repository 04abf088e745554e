using System.Globalization;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Logging;

/// <summary>
/// The bound of <c>network.jsonl</c> (<c>[limits] network_log</c>). New exchanges (the line before forwarding, a
/// refusal's line) are written while the file is below seven eighths of the limit; the line that reaches it is
/// followed by one line saying the log is full, and from then on every new exchange is refused (503
/// <see cref="AuditLogStage.FullRule"/>) and not written. The last eighth is kept for the lines of exchanges already
/// forwarded (their final lines, a WebSocket's parts), written while the file is below the limit: the file never
/// exceeds the limit by more than the one line that crosses it.
/// </summary>
internal sealed partial class NetworkLog
{
    /// <summary>The share of the limit kept for exchanges already forwarded: one eighth.</summary>
    private const long ReserveDivisor = 8;

    private readonly long _limit;
    private readonly long _admitBelow;
    private readonly TimeProvider _time;
    private PolicyDecision? _fullRefusal;
    private volatile bool _full;
    private long _notRecorded;
    private long _lost;

    /// <summary>Null while new exchanges may be written; else the refusal they get (unwritable, or full).</summary>
    public PolicyDecision? Refusal => _failure is not null ? AuditLogStage.Refusal : _full ? _fullRefusal : null;

    /// <summary>Why egress stopped when the log reached its limit, for session.log and the session's summary; null until then.</summary>
    public string? LimitReached => _full
        ? $"network.jsonl reached its limit of {Size(_limit)} ([limits] network_log): every request from then on was refused"
        : null;

    /// <summary>The log reached its admission bound: said once, in the file and in the diagnostics. Under the lock.</summary>
    private void Fill()
    {
        var size = Size(_limit);
        _lastRefusal = null; // nothing after the limit folds into a line before it
        _fullRefusal = AuditLogStage.Full(size);
        _full = true;
        Log.NetworkLogFull(_logger, _path, size);
        if (_length < _limit)
        {
            WriteLine(Marker($"network.jsonl reached its limit of {size} ([limits] network_log): every request from now on is refused (503 {AuditLogStage.FullRule}) and not recorded one by one"));
        }
    }

    /// <summary>A line not written because the log is full: counted, for the line written when the log closes. Under the lock.</summary>
    private void NotWritten(bool forwarded)
    {
        if (forwarded)
        {
            _lost++;
        }
        else
        {
            _notRecorded++;
        }
    }

    /// <summary>When a full log closes: how many requests it refused without a line, and lines of forwarded exchanges it could not hold.</summary>
    private void WriteClosingCount()
    {
        if (!_full || (_notRecorded == 0 && _lost == 0))
        {
            return;
        }

        var lost = _lost == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; {_lost} line(s) of exchanges already forwarded did not fit");
        Log.NetworkLogFullClosed(_logger, _path, _notRecorded, _lost);
        if (_length < _limit)
        {
            WriteLine(Marker(string.Create(CultureInfo.InvariantCulture, $"network.jsonl full: {_notRecorded} request(s) refused (503 {AuditLogStage.FullRule}) since its limit was reached{lost}")));
        }
    }

    private NetworkLogEntry Marker(string reason) => new(
        _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        "-", "-", "-", 0, false, reason, 503, 0, 0, 0, NetworkLogEntry.TlsNone, []);

    /// <summary>"512 MiB", "1536 KiB", "1000 bytes" (Vibedom.Core's ByteSize is out of reach here).</summary>
    internal static string Size(long bytes) => bytes switch
    {
        _ when bytes % (1L << 30) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 30} GiB"),
        _ when bytes % (1L << 20) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB"),
        _ when bytes % (1L << 10) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 10} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
