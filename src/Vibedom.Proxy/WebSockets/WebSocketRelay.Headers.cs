using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// The 101's headers, before the client sees them, as a response's would be checked: a bound host's real credential
/// turned back into its sentinel, then the response DLP engine (per <c>[dlp] responses</c>) on each name and value
/// (recorded as <c>response-header:&lt;name&gt;</c>; a header whose name holds a value is dropped whole). Only a
/// <c>Sec-WebSocket-Accept</c> that is exactly the one the client's key calls for is left alone (a digest, checked
/// by the client). The request's handshake headers went through the request transforms (DLP, credential swap).
/// </summary>
internal sealed partial class WebSocketRelay
{
    /// <summary>Where a hit in a 101 header's name is recorded (never the name: it holds the value).</summary>
    public const string ResponseHeaderNameWhere = "response-header-name";

    private void CopyResponseHeaders(HttpContext context, Exchange exchange, HttpResponseMessage response)
    {
        var returning = credentials?.For(exchange.Target.Host)?.Returning;
        var engine = engines?.Response;
        var accept = ExpectedAccept(context.Request.Headers["Sec-WebSocket-Key"].ToString());
        foreach (var (name, values) in response.Headers)
        {
            if (NotForwarded.Contains(name))
            {
                continue;
            }

            var checkedValues = values.Select(v => v ?? string.Empty).ToArray();
            if (name.Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase) && checkedValues is [var only] && only == accept)
            {
                context.Response.Headers[name] = only;
                continue;
            }

            var where = "response-header:" + name.ToLowerInvariant();
            if (engine is not null)
            {
                var inName = engine.ScrubText(name);
                if (inName.Hits.Count > 0)
                {
                    DlpFindings.Record(exchange, engines!, logger, ResponseHeaderNameWhere, inName.Hits, response: true);
                    if (inName.Changed)
                    {
                        continue; // a name cannot be redacted cleanly: the header does not reach the client
                    }

                    where = ResponseHeaderNameWhere; // never the name: it holds a value
                }
            }

            for (var i = 0; i < checkedValues.Length; i++)
            {
                if (returning is { IsEmpty: false })
                {
                    var bytes = Encoding.Latin1.GetBytes(checkedValues[i]);
                    if (returning.ReplaceAll(bytes, 0).Count > 0)
                    {
                        checkedValues[i] = Encoding.Latin1.GetString(bytes);
                    }
                }

                if (engine is not null)
                {
                    var scrub = engine.ScrubText(checkedValues[i]);
                    DlpFindings.Record(exchange, engines!, logger, where, scrub.Hits, response: true);
                    checkedValues[i] = scrub.Text;
                }
            }

            context.Response.Headers[name] = checkedValues;
        }
    }

    /// <summary>RFC 6455 §4.2.2: base64 of the SHA-1 of the client's key and the protocol's GUID.</summary>
    private static string ExpectedAccept(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
}
