using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Vibedom.Scanning.Dlp;

namespace Vibedom.Proxy.Dlp;

/// <summary>
/// What DLP found in one place of an exchange, recorded: each hit as a <see cref="ScrubbedItem"/> (rule, where,
/// count, hash; never the value), a HIGH hit also as a warning for session.log, a hit in log mode as a note, and a
/// hit in block mode as the denial that stops the request.
/// </summary>
internal static class DlpFindings
{
    public const string RulePrefix = "dlp:";

    /// <summary>
    /// Records <paramref name="hits"/> found in <paramref name="where"/>; the block decision when one calls for it.
    /// <paramref name="relayed"/>: found in a response where they pass unchanged whatever the mode (a cookie's value).
    /// </summary>
    public static PolicyDecision? Record(Exchange exchange, DlpEngines engines, ILogger logger, string where, IReadOnlyList<DlpHit> hits, bool response = false, bool relayed = false)
    {
        PolicyDecision? denial = null;
        var logged = 0;
        foreach (var hit in hits)
        {
            exchange.AddScrubbed(new ScrubbedItem(hit.RuleId, where, hit.Count, hit.Hash));
            if (hit.High)
            {
                Log.DlpHighRisk(logger, hit.RuleId, where, exchange.Target.Host, hit.Hash,
                    response ? "arrived in a response" : engines.ModeOf(hit) switch
                    {
                        DlpMode.Block => "was in a refused request",
                        DlpMode.Log => "was sent unchanged ([dlp] log mode)",
                        _ => "was scrubbed from a request",
                    });
            }

            var mode = response ? (relayed || engines.Settings.Responses == DlpResponseMode.Log ? DlpMode.Log : DlpMode.Scrub) : engines.ModeOf(hit);
            if (mode == DlpMode.Log)
            {
                logged += hit.Count;
            }
            else if (mode == DlpMode.Block && denial is null)
            {
                var kind = hit.Class == DlpClass.Secret ? "a secret" : "personal data";
                denial = PolicyDecision.Deny(RulePrefix + hit.RuleId, 403,
                    $"the request carries {kind} (rule {hit.RuleId}) in {where}; [dlp] {(hit.Class == DlpClass.Secret ? "secrets" : "pii")} = \"block\"");
            }
        }

        if (logged > 0)
        {
            exchange.Note($"dlp: {logged} value(s) in {where} passed unchanged ({(relayed ? "a cookie's value" : "log mode")})");
        }

        return denial;
    }
}
