using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.Policy;

/// <summary>The host and port must match an entry of <c>trusted_domains.txt</c> (current version).</summary>
internal sealed class AllowlistStage(AllowlistSource source) : IRequestTransform
{
    public const string Rule = "allowlist";

    public ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        var allowlist = source.Current;
        var target = exchange.Target;
        if (allowlist.Match(target.Host, target.Port) is { } entry)
        {
            exchange.Allow(PolicyDecision.Allow(Rule, entry.Origin is { } origin ? $"{origin}: {entry.Text}" : $"allowlist: {entry.Text} (line {entry.Line})", entry));
        }
        else
        {
            exchange.Stop(PolicyDecision.Deny(Rule, 403, $"{target.Host}:{target.Port} is not in {Path.GetFileName(allowlist.SourcePath)}"));
        }

        return ValueTask.CompletedTask;
    }
}
