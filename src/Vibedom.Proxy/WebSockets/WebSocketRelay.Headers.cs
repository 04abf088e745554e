using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Vibedom.Proxy.Credentials;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// The 101's headers, before the client sees them, through the same checks as any response's headers, in the same
/// order: the response DLP engine (per <c>[dlp] responses</c>, <see cref="DlpHeaders"/>: recorded as
/// <c>response-header:&lt;name&gt;</c> or <c>response-header-name</c>, a header whose name holds a value dropped, a
/// <c>Set-Cookie</c>'s cookie value recorded and relayed), then a bound host's real credential turned back into its
/// sentinel (<see cref="CredentialResponseTransform"/>). Only a <c>Sec-WebSocket-Accept</c> that is exactly the one
/// the client's key calls for is left alone (a digest, checked by the client). The request's handshake headers went
/// through the request transforms (DLP, credential swap) like any request's.
/// </summary>
internal sealed partial class WebSocketRelay
{
    private const string AcceptHeader = "Sec-WebSocket-Accept";

    private readonly DlpHeaders? _responseHeaders = engines?.Response is { } engine ? new DlpHeaders(engines, logger, engine, response: true) : null;

    private void CopyResponseHeaders(HttpContext context, Exchange exchange, HttpResponseMessage response)
    {
        var headers = context.Response.Headers;
        var accept = ExpectedAccept(context.Request.Headers["Sec-WebSocket-Key"].ToString());
        var acceptChecked = false;
        foreach (var (name, values) in response.Headers)
        {
            if (NotForwarded.Contains(name))
            {
                continue;
            }

            var copied = values.ToArray();
            if (name.Equals(AcceptHeader, StringComparison.OrdinalIgnoreCase) && copied is [var only] && only == accept)
            {
                acceptChecked = true; // set after the checks, which it does not go through
                continue;
            }

            headers[name] = copied;
        }

        _responseHeaders?.Apply(exchange, headers, "response-header");
        if (credentials?.For(exchange.Target.Host) is { } bound)
        {
            CredentialResponseTransform.SwapHeaders(headers, bound.Returning);
        }

        if (acceptChecked)
        {
            headers[AcceptHeader] = accept;
        }
    }

    /// <summary>RFC 6455 §4.2.2: base64 of the SHA-1 of the client's key and the protocol's GUID.</summary>
    private static string ExpectedAccept(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
}
