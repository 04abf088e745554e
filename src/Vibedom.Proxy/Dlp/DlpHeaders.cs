using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Policy;
using Vibedom.Scanning.Dlp;

namespace Vibedom.Proxy.Dlp;

/// <summary>
/// DLP on one set of headers (a request's, a response's, its trailers): every name and value but the framing ones is
/// scanned; a value is replaced when its class is scrubbed, a header whose name holds a scrubbed value is dropped whole
/// (a name cannot be redacted cleanly), and each hit is recorded where <c>PLACE:NAME</c> says (never the value; a hit in
/// a name as <c>PLACE-name</c>). In a response, a <c>Set-Cookie</c>'s cookie value is recorded but relayed as it is:
/// it is the host's state for the agent's own session, which the agent must send back (its name and attributes are
/// scrubbed like any header).
/// </summary>
internal sealed class DlpHeaders(DlpEngines engines, ILogger logger, DlpEngine engine, bool response)
{
    private readonly CleanTexts _clean = new();

    /// <summary>Scrubs <paramref name="headers"/> in place; the block decision when a request's hit calls for one.</summary>
    public PolicyDecision? Apply(Exchange exchange, IHeaderDictionary headers, string place)
    {
        PolicyDecision? denial = null;
        var nameWhere = place + "-name";
        foreach (var name in headers.Keys.ToList())
        {
            if (name.StartsWith(':') || IsFraming(name))
            {
                continue;
            }

            var inName = Scan(name);
            denial ??= Record(exchange, nameWhere, inName.Hits);
            if (inName.Hits.Any(Replaces))
            {
                headers.Remove(name);
                continue;
            }

            var where = inName.Hits.Count > 0 ? nameWhere : place + ":" + name.ToLowerInvariant(); // never a value
            var cookie = response && name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase);
            var values = headers[name];
            var changed = false;
            var result = new string?[values.Count];
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i] ?? string.Empty;
                result[i] = cookie ? SetCookie(exchange, value, where) : Value(exchange, value, where, ref denial);
                changed |= !string.Equals(result[i], value, StringComparison.Ordinal);
            }

            if (changed)
            {
                headers[name] = result;
            }
        }

        return denial;
    }

    /// <summary>One text (a header's name or value, a URL part, a reason phrase), scrubbed; a text clean before is not scanned again.</summary>
    public TextScrub Scan(string text)
    {
        if (_clean.Contains(text))
        {
            return new TextScrub(text, []);
        }

        var scrubbed = engine.ScrubText(text);
        if (scrubbed.Hits.Count == 0)
        {
            _clean.Add(text);
        }

        return scrubbed;
    }

    /// <summary>Records <paramref name="hits"/> found in <paramref name="where"/> (as response findings in a response).</summary>
    public PolicyDecision? Record(Exchange exchange, string where, IReadOnlyList<DlpHit> hits, bool relayed = false) =>
        DlpFindings.Record(exchange, engines, logger, where, hits, response, relayed);

    private string Value(Exchange exchange, string value, string where, ref PolicyDecision? denial)
    {
        var scrubbed = Scan(value);
        denial ??= Record(exchange, where, scrubbed.Hits);
        return scrubbed.Text;
    }

    /// <summary><c>NAME=VALUE; attributes</c>: VALUE recorded and relayed, the rest scrubbed.</summary>
    private string SetCookie(Exchange exchange, string header, string where)
    {
        var end = header.IndexOf(';', StringComparison.Ordinal) is var semicolon and >= 0 ? semicolon : header.Length;
        var equals = header.AsSpan(0, end).IndexOf('=');
        var start = equals < 0 ? 0 : equals + 1; // a pair without '=' is a value with an empty name (RFC 6265 5.2)
        var name = Scan(header[..start]);
        var value = Scan(header[start..end]);
        var attributes = Scan(header[end..]);
        Record(exchange, where, [.. name.Hits, .. attributes.Hits]);
        Record(exchange, where, value.Hits, relayed: true);
        return name.Text + header[start..end] + attributes.Text;
    }

    private bool Replaces(DlpHit hit) => response ? engines.Settings.Responses == DlpResponseMode.Scrub : engines.ModeOf(hit) == DlpMode.Scrub;

    /// <summary>Headers the proxy itself rewrites or drops (framing, hop-by-hop, the body's type and coding), not what a side says.</summary>
    private bool IsFraming(string name) =>
        name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Host", StringComparison.OrdinalIgnoreCase)
        || (response && (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)));
}
