using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Vibedom.Scanning.Dlp;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// What DLP found in one WebSocket connection, summed per rule, place and value hash (a connection may carry many
/// messages for hours: a line gets one item per kind, not one per message). While the connection is open, what
/// messages brought is written as it comes (<see cref="NetworkLogEntry.PhaseMessages"/> lines: the first at once,
/// then at most one per <see cref="BatchDelay"/>, each with what came since the last); its final line, at close,
/// holds the totals. A HIGH hit is logged once per value; a hit in block mode is the denial that closes the connection.
/// At most <see cref="MaxDistinct"/> distinct findings are kept per connection (an agent can send endless distinct
/// values for hours); past that, hits are only counted, as one "+N more" note.
/// </summary>
internal sealed class WebSocketFindings(Exchange exchange, DlpEngines engines, ILogger logger)
{
    /// <summary>The longest a finding waits for its line (findings closer together share one).</summary>
    public static readonly TimeSpan BatchDelay = TimeSpan.FromSeconds(1);

    /// <summary>The most distinct (rule, place, value hash) findings kept for one connection.</summary>
    public const int MaxDistinct = 512;

    private readonly Dictionary<(string Rule, string Where, string Hash), int> _counts = [];
    private long _overflow;
    private readonly Dictionary<(string Rule, string Where, string Hash), int> _batch = [];
    private int _logged;
    private int _batchLogged;
    private int _batchMessages;
    private long _lastLine;
    private bool _scheduled;
    private bool _flushed;

    /// <summary>Brings the exchange's byte counts up to date and says how many messages went each way so far.</summary>
    public Func<string>? Progress { get; set; }

    /// <summary>Adds what one message (or control frame) held, per place; the block decision when a request hit calls for one.</summary>
    public PolicyDecision? Add(IReadOnlyList<(string Where, IReadOnlyList<DlpHit> Hits)> found, bool response)
    {
        if (found.All(f => f.Hits.Count == 0))
        {
            return null;
        }

        PolicyDecision? denial = null;
        lock (_counts)
        {
            foreach (var (where, hit) in found.SelectMany(f => f.Hits.Select(h => (f.Where, h))))
            {
                var key = (hit.RuleId, where, hit.Hash);
                var first = !_counts.TryGetValue(key, out var count);
                if (first && _counts.Count >= MaxDistinct)
                {
                    _overflow += hit.Count;
                }
                else
                {
                    _counts[key] = count + hit.Count;
                    _batch[key] = _batch.GetValueOrDefault(key) + hit.Count;
                }

                var mode = response ? (engines.Settings.Responses == DlpResponseMode.Log ? DlpMode.Log : DlpMode.Scrub) : engines.ModeOf(hit);
                if (hit.High && first && _counts.ContainsKey(key))
                {
                    Log.DlpHighRisk(logger, hit.RuleId, where, exchange.Target.Host, hit.Hash, response ? "arrived in a WebSocket message" : mode switch
                    {
                        DlpMode.Block => "was in a refused WebSocket message",
                        DlpMode.Log => "was sent unchanged in a WebSocket message ([dlp] log mode)",
                        _ => "was scrubbed from a WebSocket message",
                    });
                }

                if (mode == DlpMode.Log)
                {
                    _logged += hit.Count;
                    _batchLogged += hit.Count;
                }
                else if (mode == DlpMode.Block && denial is null)
                {
                    var kind = hit.Class == DlpClass.Secret ? "a secret" : "personal data";
                    denial = PolicyDecision.Deny(DlpFindings.RulePrefix + hit.RuleId, 403,
                        $"a WebSocket message carried {kind} (rule {hit.RuleId}) in {where}; [dlp] {(hit.Class == DlpClass.Secret ? "secrets" : "pii")} = \"block\": the connection was closed (1008) and the message not sent");
                }
            }

            _batchMessages++;
            if (denial is null)
            {
                Schedule(); // a refused message ends the connection: its final line says so
            }
        }

        return denial;
    }

    /// <summary>Writes the totals into the exchange (its final line is written next); no part line after this.</summary>
    public void Flush()
    {
        lock (_counts)
        {
            _flushed = true;
            foreach (var ((rule, where, hash), count) in _counts)
            {
                exchange.AddScrubbed(new ScrubbedItem(rule, where, count, hash));
            }

            if (_overflow > 0)
            {
                exchange.Note($"dlp: +{_overflow} more finding(s) in WebSocket messages, not itemised (over {MaxDistinct} distinct values)");
            }

            if (_logged > 0)
            {
                exchange.Note($"dlp: {_logged} value(s) in WebSocket messages passed unchanged (log mode)");
            }

            _counts.Clear();
            _batch.Clear();
        }
    }

    /// <summary>The batch's line now if the last was at least <see cref="BatchDelay"/> ago, else when it will be. Under the lock.</summary>
    private void Schedule()
    {
        if (_scheduled)
        {
            return;
        }

        var wait = BatchDelay - Stopwatch.GetElapsedTime(_lastLine);
        if (_lastLine == 0 || wait <= TimeSpan.Zero)
        {
            WriteBatch();
            return;
        }

        _scheduled = true;
        _ = WriteLaterAsync(wait);
    }

    private async Task WriteLaterAsync(TimeSpan wait)
    {
        await Task.Delay(wait).ConfigureAwait(false);
        lock (_counts)
        {
            _scheduled = false;
            WriteBatch();
        }
    }

    /// <summary>One part line with what came since the last. Under the lock.</summary>
    private void WriteBatch()
    {
        if (_flushed || _batch.Count == 0)
        {
            return;
        }

        var progress = Progress?.Invoke();
        var note = $"websocket (open{(progress is null ? string.Empty : ": " + progress)}): {_batchMessages} message(s) with findings since the last line"
            + (_batch.Keys.Any(k => k.Where.EndsWith(WebSocketMessageFilter.SplitSuffix, StringComparison.Ordinal))
                ? "; a value split across two messages was caught in the second (its first part had been sent)" : string.Empty)
            + (_batchLogged > 0 ? $"; dlp: {_batchLogged} value(s) passed unchanged (log mode)" : string.Empty);
        exchange.RecordPart(note, [.. _batch.Select(b => new ScrubbedItem(b.Key.Rule, b.Key.Where, b.Value, b.Key.Hash))]);
        _batch.Clear();
        (_batchLogged, _batchMessages) = (0, 0);
        _lastLine = Stopwatch.GetTimestamp();
    }
}
