using System.Text;
using System.Text.Unicode;
using Vibedom.Proxy.Credentials;
using Vibedom.Scanning.Dlp;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// What happens to each whole message (and control payload) of one connection. Toward the server: the request DLP
/// engine (text as UTF-8, binary as Latin-1 like a body, so every byte is seen); no credential is swapped in a
/// message (only in the handshake's headers). Toward the client (per <c>[dlp] responses</c>): a bound host's real credential first turned back into its sentinel (which DLP leaves alone), then the response engine.
/// </summary>
internal sealed class WebSocketMessageFilter(DlpEngine? request, DlpEngine? response, Replacements? returning, WebSocketFindings? findings)
{
    /// <summary>How many times the real credential was turned back into the sentinel in messages to the client.</summary>
    public int Echoes { get; private set; }

    /// <summary>The payload to send on for a message or control frame of <paramref name="opcode"/>.</summary>
    /// <param name="payload">Changed in place where a credential echo is turned back into its sentinel.</param>
    public ReadOnlyMemory<byte> Apply(bool toServer, byte opcode, Memory<byte> payload)
    {
        if (opcode == WebSocketFrame.Text && !Utf8.IsValid(payload.Span))
        {
            throw new WebSocketProtocolException(WebSocketProtocolException.InvalidPayload, "a text message was not valid UTF-8");
        }

        if (!toServer && returning is { IsEmpty: false })
        {
            // first, so that DLP (which leaves sentinels alone) does not redact what the agent should see as its sentinel
            var (count, _) = returning.ReplaceAll(payload.Span, 0);
            Echoes += count;
        }

        var engine = toServer ? request : response;
        return engine is not null && payload.Length > 0 ? Scrub(engine, toServer, opcode, payload) : payload;
    }

    private ReadOnlyMemory<byte> Scrub(DlpEngine engine, bool toServer, byte opcode, Memory<byte> payload)
    {
        var encoding = opcode == WebSocketFrame.Text ? Encoding.UTF8 : Encoding.Latin1;
        var scrub = engine.ScrubText(encoding.GetString(payload.Span));
        if (scrub.Hits.Count > 0 && findings is not null)
        {
            var where = (toServer ? "websocket-" : "websocket-response-") + opcode switch
            {
                WebSocketFrame.Text => "text",
                WebSocketFrame.Binary => "binary",
                _ => "control",
            };
            if (findings.Add(where, scrub.Hits, response: !toServer) is { } denial)
            {
                throw new WebSocketBlockedException(denial);
            }
        }

        return scrub.Changed ? encoding.GetBytes(scrub.Text) : payload;
    }
}
