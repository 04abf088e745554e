using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Vibedom.Proxy.Exchanges;
using Yarp.ReverseProxy.Forwarder;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// YARP's default header copy (which already drops the incoming Host and adds no X-Forwarded-*), minus the
/// proxy's own hop headers; then the response transforms of the exchange, if there are any (else one shared
/// instance serves every request), and, after the body, what they registered for the trailers
/// (<see cref="Exchange.OnResponseTrailers"/>). A response transform that stops the exchange drops the upstream's
/// headers and body: the request handler answers the denial instead.
/// </summary>
internal sealed class ForwardTransformer(Exchange? exchange = null, TransformPipeline? transforms = null) : HttpTransformer
{
    public static ForwardTransformer Instance { get; } = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.Headers.Remove("Proxy-Authorization");
        proxyRequest.Headers.Remove("Proxy-Connection");
        proxyRequest.Headers.Remove("Proxy-Authenticate");
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var relayBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        if (exchange is null || transforms is null || proxyResponse is null)
        {
            return relayBody;
        }

        exchange.UpstreamResponse = proxyResponse;
        await transforms.ApplyResponseAsync(exchange, cancellationToken).ConfigureAwait(false);
        if (!exchange.IsStopped)
        {
            return relayBody;
        }

        httpContext.Response.Clear();
        return false;
    }

    public override async ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken)
    {
        await base.TransformResponseTrailersAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        if (exchange is not null && httpContext.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { IsReadOnly: false } trailers)
        {
            exchange.ApplyResponseTrailers(trailers);
        }
    }
}
