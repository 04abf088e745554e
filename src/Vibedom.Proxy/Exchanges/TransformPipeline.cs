using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Exchanges;

/// <summary>
/// The ordered request and response transforms every exchange passes through. A transform that throws stops
/// the exchange (500 <c>transform-failed</c>): nothing it was meant to check or change is forwarded unchecked.
/// </summary>
internal sealed class TransformPipeline(IReadOnlyList<IRequestTransform> request, IReadOnlyList<IResponseTransform> response)
{
    public const string FailedRule = "transform-failed";

    private readonly IRequestTransform[] _request = [.. request];
    private readonly IResponseTransform[] _response = [.. response];

    public bool HasResponseTransforms => _response.Length > 0;

    /// <summary>Runs the request transforms in order until one stops the exchange.</summary>
    public ValueTask ApplyRequestAsync(Exchange exchange, CancellationToken cancellationToken) =>
        ApplyAsync(_request, static (t, e, c) => t.ApplyAsync(e, c), exchange, cancellationToken);

    /// <summary>Runs the response transforms in order until one stops the exchange (then the response is not relayed).</summary>
    public ValueTask ApplyResponseAsync(Exchange exchange, CancellationToken cancellationToken) =>
        ApplyAsync(_response, static (t, e, c) => t.ApplyAsync(e, c), exchange, cancellationToken);

    private static async ValueTask ApplyAsync<T>(T[] transforms, Func<T, Exchange, CancellationToken, ValueTask> apply, Exchange exchange, CancellationToken cancellationToken)
        where T : notnull
    {
        foreach (var transform in transforms)
        {
            if (exchange.IsStopped)
            {
                return;
            }

            try
            {
                await apply(transform, exchange, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // fail closed: whatever a transform throws, the exchange is refused and recorded
            catch (Exception e)
#pragma warning restore CA1031
            {
                exchange.Stop(Failed(transform, e));
            }
        }
    }

    /// <summary>Names the transform and the kind of failure, never its message (it may quote what the agent sent).</summary>
    private static PolicyDecision Failed(object transform, Exception e) =>
        PolicyDecision.Deny(FailedRule, 500, e is OperationCanceledException
            ? $"{transform.GetType().Name} was cancelled (the client left)"
            : $"{transform.GetType().Name} failed ({e.GetType().Name}); the request was not forwarded");
}
