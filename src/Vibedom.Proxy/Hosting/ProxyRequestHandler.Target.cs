using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Hosting;

/// <summary>Where a request goes: its tunnel's host and port, or its absolute-form <c>http://</c> URL.</summary>
internal sealed partial class ProxyRequestHandler
{
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
