namespace Vibedom.Proxy.Policy;

/// <summary>
/// Stage 3: resolve the name (overrides first) and refuse it when every address is loopback,
/// private, link-local, CGNAT or metadata and not listed in <c>allow_private</c>.
/// The connect callback connects only to the addresses this check returned.
/// </summary>
internal sealed class PrivateAddressStage(EgressResolver resolver) : IEgressStage
{
    public const string Rule = "private-address";
    public const string ResolveRule = "resolve";

    public async ValueTask<PolicyDecision> EvaluateAsync(EgressRequest request, CancellationToken cancellationToken)
    {
        var resolution = await resolver.ResolveAsync(request.Host, request.Port, cancellationToken).ConfigureAwait(false);
        return resolution.Endpoints.Count > 0
            ? PolicyDecision.Continue
            : PolicyDecision.Deny(resolution.ResolveFailed ? ResolveRule : Rule, resolution.ResolveFailed ? 502 : 403, resolution.Problem!);
    }
}
