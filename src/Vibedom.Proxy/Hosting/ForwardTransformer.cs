using Yarp.ReverseProxy.Forwarder;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// YARP's default header copy (which already drops the incoming Host and adds no
/// X-Forwarded-*), minus the proxy's own hop headers. DLP wraps bodies here later.
/// </summary>
internal sealed class ForwardTransformer : HttpTransformer
{
    public static ForwardTransformer Instance { get; } = new();

    public override async ValueTask TransformRequestAsync(Microsoft.AspNetCore.Http.HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.Headers.Remove("Proxy-Authorization");
        proxyRequest.Headers.Remove("Proxy-Connection");
        proxyRequest.Headers.Remove("Proxy-Authenticate");
    }
}
