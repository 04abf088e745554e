using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Yarp.ReverseProxy.Forwarder;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// The one request delegate: find the target (tunnel or absolute-form URL), run the policy
/// stages, forward with YARP (bodies streamed both ways), write the audit line.
/// </summary>
internal sealed class ProxyRequestHandler(ProxyContext proxy, IHttpForwarder forwarder, HttpMessageInvoker invoker)
{
    public const string DeniedHeader = "X-Vibedom-Denied";

    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        ActivityTimeout = TimeSpan.FromMinutes(10),
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    public async Task HandleAsync(HttpContext context)
    {
        var started = proxy.TimeProvider.GetUtcNow();
        var startTimestamp = proxy.TimeProvider.GetTimestamp();
        var tunnel = context.Features.Get<TunnelFeature>();
        tunnel?.CountRequest();
        var tls = tunnel is null ? NetworkLogEntry.TlsNone : tunnel.Tls ? NetworkLogEntry.TlsIntercepted : NetworkLogEntry.TlsNone;
        var request = context.Request;

        if (!TryGetTarget(context, tunnel, out var scheme, out var host, out var port))
        {
            var bad = PolicyDecision.Deny("not-a-proxy-request", 400, "expected an absolute http:// URL or a CONNECT tunnel");
            await DenyAsync(context, bad).ConfigureAwait(false);
            proxy.Audit(started, startTimestamp, request.Method, UrlScrubber.Build("http", request.Host.Host, 80, request.Path, null), request.Host.Host, 0, bad, 400, 0, 0, tls);
            return;
        }

        var url = UrlScrubber.Build(scheme, host, port, request.PathBase + request.Path, request.QueryString.Value);
        var egress = new EgressRequest(
            request.Method, host, port, request.Headers.Host.ToString(), tunnel?.Host, tunnel?.Sni, IsWebSocket(context));
        var decision = proxy.Redacted(proxy.AuditFailure ?? await proxy.Policy.EvaluateAsync(egress, context.RequestAborted).ConfigureAwait(false));
        if (decision.Allowed && await proxy.AnnounceAsync(started, request.Method, url, host, port, decision, tls).ConfigureAwait(false) is { } unlogged)
        {
            decision = unlogged; // its line could not be written: nothing is forwarded
        }

        if (!decision.Allowed)
        {
            await DenyAsync(context, decision).ConfigureAwait(false);
            proxy.Audit(started, startTimestamp, request.Method, url, host, port, decision, decision.StatusCode, 0, 0, tls);
            return;
        }

        var requestBody = new CountingStream(request.Body);
        request.Body = requestBody;
        var responseBody = new CountingStream(context.Response.Body);
        context.Response.Body = responseBody;
        var prefix = $"{scheme}://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}";
        var error = await forwarder.SendAsync(context, prefix, invoker, RequestConfig, ForwardTransformer.Instance).ConfigureAwait(false);
        string? problem = null;
        if (error != ForwarderError.None)
        {
            var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            problem = $"forward-error: {error}{(exception is null ? string.Empty : ": " + exception.GetBaseException().Message)}";
            Logging.Log.ForwardFailed(proxy.Logger, proxy.Redact(prefix), proxy.Redact(problem));
        }

        proxy.Audit(started, startTimestamp, request.Method, url, host, port, decision, context.Response.StatusCode, requestBody.Count, responseBody.Count, tls, problem);
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
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync($"vibedom: {decision.Reason}\n").ConfigureAwait(false);
    }

    private static bool IsWebSocket(HttpContext context) =>
        context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true
        || (context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
            && context.Request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase));

    private static bool TryGetTarget(HttpContext context, TunnelFeature? tunnel, out string scheme, out string host, out int port)
    {
        if (tunnel is not null)
        {
            scheme = tunnel.Tls ? "https" : "http";
            host = tunnel.Host;
            port = tunnel.Port;
            return !HttpMethods.IsConnect(context.Request.Method) || IsWebSocket(context);
        }

        scheme = "http";
        host = string.Empty;
        port = 0;
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is null || !raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(raw, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        host = HostName.Normalize(uri.IdnHost);
        port = uri.Port;
        return host.Length > 0;
    }
}
