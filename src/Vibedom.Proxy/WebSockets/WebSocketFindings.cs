using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Vibedom.Scanning.Dlp;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// What DLP found in one WebSocket connection, summed per rule, place and value hash (a connection may carry many
/// messages for hours: the line gets one item per kind, not one per message). A HIGH hit is reported once per value;
/// a hit in block mode is the denial that closes the connection. Written into the exchange's line at its end.
/// </summary>
internal sealed class WebSocketFindings(Exchange exchange, DlpEngines engines, ILogger logger)
{
    private readonly Dictionary<(string Rule, string Where, string Hash), int> _counts = [];
    private int _logged;

    /// <summary>Adds <paramref name="hits"/> found in <paramref name="where"/>; the block decision when a request hit calls for one.</summary>
    public PolicyDecision? Add(string where, IReadOnlyList<DlpHit> hits, bool response)
    {
        PolicyDecision? denial = null;
        lock (_counts)
        {
            foreach (var hit in hits)
            {
                var key = (hit.RuleId, where, hit.Hash);
                var first = !_counts.TryGetValue(key, out var count);
                _counts[key] = count + hit.Count;
                var mode = response ? (engines.Settings.Responses == DlpResponseMode.Log ? DlpMode.Log : DlpMode.Scrub) : engines.ModeOf(hit);
                if (hit.High && first)
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
                }
                else if (mode == DlpMode.Block && denial is null)
                {
                    var kind = hit.Class == DlpClass.Secret ? "a secret" : "personal data";
                    denial = PolicyDecision.Deny(DlpFindings.RulePrefix + hit.RuleId, 403,
                        $"a WebSocket message carried {kind} (rule {hit.RuleId}) in {where}; [dlp] {(hit.Class == DlpClass.Secret ? "secrets" : "pii")} = \"block\": the connection was closed (1008) and the message not sent");
                }
            }
        }

        return denial;
    }

    /// <summary>Writes the sums into the exchange (its line is written next).</summary>
    public void Flush()
    {
        lock (_counts)
        {
            foreach (var ((rule, where, hash), count) in _counts)
            {
                exchange.AddScrubbed(new ScrubbedItem(rule, where, count, hash));
            }

            if (_logged > 0)
            {
                exchange.Note($"dlp: {_logged} value(s) in WebSocket messages passed unchanged (log mode)");
            }

            _counts.Clear();
        }
    }
}
