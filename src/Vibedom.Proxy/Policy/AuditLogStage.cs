using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.Policy;

/// <summary>First stage: once <c>network.jsonl</c> cannot be written, every exchange is refused (fail closed).</summary>
internal sealed class AuditLogStage(Func<bool> logHealthy) : IRequestTransform
{
    public const string Rule = "audit-log";

    /// <summary>The refusal of an exchange whose line cannot be written.</summary>
    public static PolicyDecision Refusal { get; } = PolicyDecision.Deny(Rule, 503, "network.jsonl cannot be written; egress is refused");

    public ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        if (!logHealthy())
        {
            exchange.Stop(Refusal);
        }

        return ValueTask.CompletedTask;
    }
}
