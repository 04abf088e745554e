using Microsoft.AspNetCore.Http;
using Vibedom.Proxy.Logging;

namespace Vibedom.Proxy.Exchanges;

/// <summary>
/// One request, or one CONNECT, as it crosses the proxy: what the agent asked for, what every transform did to
/// it (decision, reason, scrubbed items, notes), and what was moved (status, bytes). Every path through the
/// proxy ends it with <see cref="End"/>, which writes its <c>network.jsonl</c> line exactly once.
/// </summary>
internal sealed partial class Exchange
{
    private readonly IExchangeLog _log;
    private int _ended;
    private Action? _beforeEnd;
    private Action<IHeaderDictionary>? _onTrailers;

    public Exchange(IExchangeLog log, ExchangeTarget target, HttpContext? http = null)
        : this(log, target, http, log.TimeProvider.GetUtcNow(), log.TimeProvider.GetTimestamp())
    {
    }

    /// <summary>An exchange that began earlier (a CONNECT whose header block took a while to arrive).</summary>
    public Exchange(IExchangeLog log, ExchangeTarget target, HttpContext? http, DateTimeOffset started, long startTimestamp)
    {
        _log = log;
        Target = target;
        Http = http;
        Started = started;
        StartTimestamp = startTimestamp;
    }

    public DateTimeOffset Started { get; }

    public long StartTimestamp { get; }

    /// <summary>Method, host, port, names the client gave, and the URL as it is recorded.</summary>
    public ExchangeTarget Target { get; }

    /// <summary>
    /// The request as the proxy forwards it (headers, <see cref="HttpRequest.Path"/>, query, body: a transform
    /// may change or wrap them) and, for response transforms, the response as the client receives it. Null for a
    /// CONNECT (its tunnel's requests are exchanges of their own) and for requests the HTTP parser refused.
    /// </summary>
    public HttpContext? Http { get; }

    /// <summary>The upstream's answer, for response transforms (null before it arrives).</summary>
    public HttpResponseMessage? UpstreamResponse { get; internal set; }

    /// <summary><see cref="NetworkLogEntry.TlsIntercepted"/>, <see cref="NetworkLogEntry.TlsTunneled"/> or <see cref="NetworkLogEntry.TlsNone"/>.</summary>
    public string Tls { get; set; } = NetworkLogEntry.TlsNone;

    /// <summary>The status answered (the denial's, the upstream's, 200 for a CONNECT tunnel).</summary>
    public int Status { get; set; }

    /// <summary>Bytes sent upstream (request bodies, raw tunnel bytes).</summary>
    public long BytesOut { get; set; }

    /// <summary>Bytes received from upstream (response bodies, raw tunnel bytes).</summary>
    public long BytesIn { get; set; }

    /// <summary>True once <see cref="End"/> ran.</summary>
    public bool HasEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>
    /// Writes and flushes the line of an exchange about to be forwarded (<see cref="NetworkLogEntry.PhaseForwarding"/>).
    /// False when it could not be written: the exchange is then stopped (503 <c>audit-log</c>, or <c>audit-log-full</c>
    /// once the log reached its limit) and nothing may be sent.
    /// </summary>
    public async ValueTask<bool> AnnounceAsync()
    {
        if (await _log.AnnounceAsync(this).ConfigureAwait(false))
        {
            IsAnnounced = true;
            return true;
        }

        Stop(_log.AuditRefusal);
        return false;
    }

    /// <summary>True once the line before forwarding was written: the exchange may have been forwarded (its later lines use the log's reserve).</summary>
    public bool IsAnnounced { get; private set; }

    /// <summary>Ends the exchange: its line is written now, once; later calls do nothing.</summary>
    public void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _beforeEnd?.Invoke();
            _log.Record(this);
        }
    }

    /// <summary>
    /// Writes a line for what happened since the last such line of an exchange still open (a WebSocket's messages):
    /// <paramref name="note"/> after the decision's reason, <paramref name="scrubbed"/> as its items, the bytes so far.
    /// Nothing once the exchange ended (its final line has the totals).
    /// </summary>
    public void RecordPart(string note, IReadOnlyList<ScrubbedItem> scrubbed)
    {
        if (!HasEnded)
        {
            _log.RecordPart(this, note, scrubbed);
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> just before the line is written (a body stream reports what it found so far,
    /// even when the upstream answered before reading it all).
    /// </summary>
    public void BeforeEnd(Action action) => _beforeEnd += action;

    /// <summary>
    /// Runs <paramref name="action"/> on the response's trailers once they were copied from the upstream, before the
    /// client gets them (they arrive after the body, long after the response transforms ran on the headers).
    /// </summary>
    public void OnResponseTrailers(Action<IHeaderDictionary> action) => _onTrailers += action;

    /// <summary>The trailers copied from the upstream, through what <see cref="OnResponseTrailers"/> registered.</summary>
    internal void ApplyResponseTrailers(IHeaderDictionary trailers) => _onTrailers?.Invoke(trailers);

    /// <summary>
    /// Ends a CONNECT whose tunnel carried requests without a line of its own: each of those requests is an
    /// exchange with its own line.
    /// </summary>
    public void EndWithoutLine() => Interlocked.Exchange(ref _ended, 1);
}
