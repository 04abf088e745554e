namespace Vibedom.Proxy.Policy;

/// <summary>
/// The ordered stage list: allowlist → same-name → WebSocket → private addresses. (Credential
/// injection and DLP join later; forwarding and the audit line follow in the request handler.)
/// </summary>
internal sealed class EgressPolicy
{
    private readonly IEgressStage[] _stages;

    public EgressPolicy(AllowlistSource allowlist, EgressResolver resolver)
    {
        _stages = [new AllowlistStage(allowlist), new SameNameStage(), new WebSocketStage(), new PrivateAddressStage(resolver)];
    }

    /// <summary>The first denial, else the allowlist's decision (its reason names the matching entry).</summary>
    public async ValueTask<PolicyDecision> EvaluateAsync(EgressRequest request, CancellationToken cancellationToken)
    {
        PolicyDecision? allowed = null;
        foreach (var stage in _stages)
        {
            var decision = await stage.EvaluateAsync(request, cancellationToken).ConfigureAwait(false);
            if (!decision.Allowed)
            {
                return decision;
            }

            allowed ??= decision.Entry is not null ? decision : null;
        }

        return allowed ?? PolicyDecision.Allow("allowed", "allowed");
    }
}
