using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.Policy;

/// <summary>
/// Resolve the name (overrides first) and refuse it when every address is loopback, private, link-local, CGNAT
/// or metadata and not listed in <c>allow_private</c>. The connect callback connects only to the addresses this
/// check returned.
/// </summary>
internal sealed class PrivateAddressStage(EgressResolver resolver) : IRequestTransform
{
    public const string Rule = "private-address";
    public const string ResolveRule = "resolve";

    public async ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        var resolution = await resolver.ResolveAsync(exchange.Target.Host, exchange.Target.Port, cancellationToken).ConfigureAwait(false);
        if (resolution.Endpoints.Count == 0)
        {
            exchange.Stop(PolicyDecision.Deny(resolution.ResolveFailed ? ResolveRule : Rule, resolution.ResolveFailed ? 502 : 403, resolution.Problem!));
        }
    }
}
