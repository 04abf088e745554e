namespace Vibedom.Proxy.Policy;

/// <summary>Stage 1: the host and port must match an entry of <c>trusted_domains.txt</c> (current version).</summary>
internal sealed class AllowlistStage(AllowlistSource source) : IEgressStage
{
    public const string Rule = "allowlist";

    public ValueTask<PolicyDecision> EvaluateAsync(EgressRequest request, CancellationToken cancellationToken)
    {
        var allowlist = source.Current;
        var entry = allowlist.Match(request.Host, request.Port);
        return ValueTask.FromResult(entry is null
            ? PolicyDecision.Deny(Rule, 403, $"{request.Host}:{request.Port} is not in {Path.GetFileName(allowlist.SourcePath)}")
            : PolicyDecision.Allow(Rule, $"allowlist: {entry.Text} (line {entry.Line})", entry));
    }
}
