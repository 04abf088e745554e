namespace Vibedom.Proxy.Exchanges;

/// <summary>The ordered request and response transforms every exchange passes through.</summary>
internal sealed class TransformPipeline(IReadOnlyList<IRequestTransform> request, IReadOnlyList<IResponseTransform> response)
{
    private readonly IRequestTransform[] _request = [.. request];
    private readonly IResponseTransform[] _response = [.. response];

    public IReadOnlyList<IRequestTransform> RequestTransforms => _request;

    public IReadOnlyList<IResponseTransform> ResponseTransforms => _response;

    public bool HasResponseTransforms => _response.Length > 0;

    /// <summary>Runs the request transforms in order until one stops the exchange.</summary>
    public async ValueTask ApplyRequestAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        foreach (var transform in _request)
        {
            if (exchange.IsStopped)
            {
                return;
            }

            await transform.ApplyAsync(exchange, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the response transforms in order until one stops the exchange.</summary>
    public async ValueTask ApplyResponseAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        foreach (var transform in _response)
        {
            if (exchange.IsStopped)
            {
                return;
            }

            await transform.ApplyAsync(exchange, cancellationToken).ConfigureAwait(false);
        }
    }
}
