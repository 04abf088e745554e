using System.Net;
using Microsoft.AspNetCore.Http;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Yarp.ReverseProxy.Forwarder;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// The one request delegate: find the target (tunnel or absolute-form URL), make the request an
/// <see cref="Exchange"/>, run the request transforms (the policy first), write its line ahead, forward with
/// YARP (bodies streamed both ways, response transforms on the answer), end the exchange (its audit line).
/// </summary>
internal sealed partial class ProxyRequestHandler(ProxyContext proxy, IHttpForwarder forwarder, HttpMessageInvoker invoker)
{
    public const string DeniedHeader = "X-Vibedom-Denied";

    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        ActivityTimeout = TimeSpan.FromMinutes(10),
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    private static readonly PolicyDecision NotAProxyRequest =
        PolicyDecision.Deny("not-a-proxy-request", 400, "expected an absolute http:// URL or a CONNECT tunnel");

    public async Task HandleAsync(HttpContext context)
    {
        var tunnel = context.Features.Get<TunnelFeature>();
        tunnel?.CountRequest();
        var tls = tunnel is { Tls: true } ? NetworkLogEntry.TlsIntercepted : NetworkLogEntry.TlsNone;
        var request = context.Request;
        if (!TryGetTarget(context, tunnel, out var scheme, out var host, out var port))
        {
            var url = UrlScrubber.Build("http", request.Host.Host, 80, request.Path, null);
            var refused = new Exchange(proxy, new ExchangeTarget(request.Method, request.Host.Host, 0, url), context) { Tls = tls };
            refused.Stop(NotAProxyRequest);
            await DenyAsync(context, refused.Decision).ConfigureAwait(false);
            refused.End();
            return;
        }

        var target = new ExchangeTarget(
            request.Method,
            host,
            port,
            UrlScrubber.Build(scheme, host, port, request.PathBase + request.Path, request.QueryString.Value),
            request.Headers.Host.ToString(),
            tunnel?.Host,
            tunnel?.Sni,
            IsWebSocket(context));
        var exchange = new Exchange(proxy, target, context) { Tls = tls };
        if (!proxy.Open.StartRequest())
        {
            exchange.Stop(proxy.Open.RequestRefusal); // [limits] connections: a place frees when a request ends
            await DenyAsync(context, exchange.Decision).ConfigureAwait(false);
            exchange.End();
            return;
        }

        try
        {
            await proxy.ApplyRequestTransformsAsync(exchange, context.RequestAborted).ConfigureAwait(false);
            if (exchange.IsStopped || !await exchange.AnnounceAsync().ConfigureAwait(false))
            {
                await DenyAsync(context, exchange.Decision).ConfigureAwait(false); // nothing was forwarded
                return;
            }

            if (exchange.Target.IsWebSocket && proxy.WebSockets is { } relay)
            {
                await relay.RelayAsync(context, exchange, Prefix(scheme, host, port), invoker).ConfigureAwait(false);
                return;
            }

            await ForwardAsync(context, exchange, scheme, host, port).ConfigureAwait(false);
        }
        finally
        {
            exchange.End(); // however it ended (a client gone while answered too): one line
            proxy.Open.EndRequest();
        }
    }

    /// <summary>Sends the (transformed) request upstream and relays the answer, through the response transforms.</summary>
    private async Task ForwardAsync(HttpContext context, Exchange exchange, string scheme, string host, int port)
    {
        var requestBody = new CountingStream(context.Request.Body);
        context.Request.Body = requestBody;
        var responseBody = new CountingStream(context.Response.Body);
        context.Response.Body = responseBody;
        var prefix = Prefix(scheme, host, port);
        var transformer = proxy.Transforms.HasResponseTransforms ? new ForwardTransformer(exchange, proxy.Transforms) : ForwardTransformer.Instance;
        var error = await forwarder.SendAsync(context, prefix, invoker, RequestConfig, transformer).ConfigureAwait(false);
        if (error != ForwarderError.None)
        {
            var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            var problem = $"forward-error: {error}{(exception is null ? string.Empty : ": " + exception.GetBaseException().Message)}";
            exchange.Note(problem);
            if (IsUpstreamTls(exception))
            {
                Logging.Log.UpstreamTlsFailed(proxy.Logger, proxy.Redact(prefix), proxy.Redact(problem));
            }
            else
            {
                Logging.Log.ForwardFailed(proxy.Logger, proxy.Redact(prefix), proxy.Redact(problem));
            }
        }

        exchange.BytesOut = requestBody.Count;
        exchange.BytesIn = responseBody.Count;
        if (exchange.IsStopped)
        {
            proxy.ReportIfFailed(exchange);
            await DenyAsync(context, exchange.Decision).ConfigureAwait(false); // a response transform stopped it
        }
        else
        {
            exchange.Status = context.Response.StatusCode;
        }
    }

    private static string Prefix(string scheme, string host, int port) =>
        $"{scheme}://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}";

    private static bool IsUpstreamTls(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    internal static async Task DenyAsync(HttpContext context, PolicyDecision decision)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = decision.StatusCode;
        context.Response.Headers[DeniedHeader] = decision.Rule;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            // a refused request's body may not have been read: the connection ends with this answer, so no byte of that
            // body can be taken for the next request on it
            context.Response.Headers.Connection = "close";
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync($"vibedom: {decision.Reason}\n").ConfigureAwait(false);
    }
}
