using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// The opening handshake: the client's upgrade (already through the request transforms: DLP on its URL and
/// headers, the credential swap in its auth headers) is sent upstream over HTTP/1.1 without
/// <c>Sec-WebSocket-Extensions</c> (so no permessage-deflate: every frame stays readable); only a 101 that names
/// no extension is relayed and the client upgraded, its headers through the response side's checks (see the
/// headers partial). Any other answer is given to the client as its status alone, with no body (it was not
/// scrubbed). At most <see cref="MaxConnections"/> are relayed at once (<see cref="WebSocketSlots"/>): one more
/// takes the place of a connection unused for the idle timeout, or gets 503.
/// </summary>
internal sealed partial class WebSocketRelay
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Upgrade", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Content-Length",
        "Proxy-Authorization", "Proxy-Authenticate", "Proxy-Connection", "Sec-WebSocket-Extensions",
    };

    private static readonly PolicyDecision NotUpgradable = PolicyDecision.Deny(WebSocketStage.Rule, 400,
        "a WebSocket upgrade must be an HTTP/1.1 GET with Connection: Upgrade");

    private static readonly PolicyDecision ExtensionForced = PolicyDecision.Deny(WebSocketStage.Rule, 502,
        "the upstream switched to WebSocket with an extension that was not offered (its frames could not be read); refused");

    private PolicyDecision TooMany => PolicyDecision.Deny(WebSocketStage.Rule, 503,
        $"too many WebSocket connections open through the proxy at once: all {MaxConnections} carried a message within the last {idleTimeout.TotalSeconds:0.#} s (an unused one yields its place to a new one); close one and retry");

    /// <summary>Relays the upgrade of <paramref name="context"/> to <paramref name="prefix"/> (<c>scheme://host:port</c>) until either side ends.</summary>
    public async Task RelayAsync(HttpContext context, Exchange exchange, string prefix, HttpMessageInvoker invoker)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true } || !HttpMethods.IsGet(context.Request.Method))
        {
            await RefuseAsync(context, exchange, NotUpgradable).ConfigureAwait(false);
            return;
        }

        var (taken, yielded) = await _slots.TakeAsync(context.RequestAborted).ConfigureAwait(false);
        if (taken is not { } slot)
        {
            await RefuseAsync(context, exchange, TooMany).ConfigureAwait(false);
            return;
        }

        if (yielded)
        {
            exchange.Note($"websocket: all {MaxConnections} places were taken; a connection unused for at least {idleTimeout.TotalSeconds:0.#} s was closed (1001) to make room");
        }

        try
        {
            await UpgradeAsync(context, upgrade, exchange, prefix, invoker, slot).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release(slot);
        }
    }

    private async Task UpgradeAsync(HttpContext context, IHttpUpgradeFeature upgrade, Exchange exchange, string prefix, HttpMessageInvoker invoker, WebSocketSlot slot)
    {
        var cancellationToken = context.RequestAborted;
        using var request = Handshake(context.Request, prefix);
        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            exchange.Note("forward-error: websocket handshake: " + e.GetBaseException().Message);
            exchange.Status = StatusCodes.Status502BadGateway;
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
            {
                exchange.Note($"websocket: the upstream answered {(int)response.StatusCode} instead of 101 (relayed without its body)");
                exchange.Status = (int)response.StatusCode;
                context.Response.StatusCode = (int)response.StatusCode;
                return;
            }

            if (response.Headers.Contains("Sec-WebSocket-Extensions"))
            {
                await RefuseAsync(context, exchange, ExtensionForced).ConfigureAwait(false);
                return;
            }

            var server = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            CopyResponseHeaders(context, exchange, response);

            context.Response.Headers.Upgrade = "websocket";
            var client = await upgrade.UpgradeAsync().ConfigureAwait(false);
            exchange.Status = StatusCodes.Status101SwitchingProtocols;
            await RunAsync(exchange, client, context.Abort, server, slot, cancellationToken).ConfigureAwait(false);
            if (exchange.IsStopped)
            {
                exchange.Status = StatusCodes.Status101SwitchingProtocols; // switched, then closed by DLP (the line says why)
            }
        }
    }

    private static HttpRequestMessage Handshake(HttpRequest incoming, string prefix)
    {
        var uri = new Uri(prefix + (incoming.PathBase + incoming.Path).ToUriComponent() + incoming.QueryString.ToUriComponent());
        var request = new HttpRequestMessage(HttpMethod.Get, uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        foreach (var (name, values) in incoming.Headers)
        {
            if (!NotForwarded.Contains(name) && !name.StartsWith(':'))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        return request;
    }

    private static async Task RefuseAsync(HttpContext context, Exchange exchange, PolicyDecision decision)
    {
        exchange.Stop(decision);
        context.Response.StatusCode = decision.StatusCode;
        context.Response.Headers[Hosting.ProxyRequestHandler.DeniedHeader] = decision.Rule;
        await context.Response.WriteAsync($"vibedom: {decision.Reason}\n").ConfigureAwait(false);
    }
}
