namespace Vibedom.Proxy.Policy;

/// <summary>One step of the egress policy; stages run in a fixed order and the first denial wins.</summary>
internal interface IEgressStage
{
    ValueTask<PolicyDecision> EvaluateAsync(EgressRequest request, CancellationToken cancellationToken);
}
