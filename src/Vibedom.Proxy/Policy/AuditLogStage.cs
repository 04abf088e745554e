using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.Policy;

/// <summary>
/// First stage: once <c>network.jsonl</c> cannot be written, or has reached its limit (<c>[limits] network_log</c>),
/// every exchange is refused (fail closed).
/// </summary>
internal sealed class AuditLogStage(Func<PolicyDecision?> refusal) : IRequestTransform
{
    public const string Rule = "audit-log";

    public const string FullRule = "audit-log-full";

    /// <summary>The refusal of an exchange whose line cannot be written.</summary>
    public static PolicyDecision Refusal { get; } = PolicyDecision.Deny(Rule, 503, "network.jsonl cannot be written; egress is refused");

    /// <summary>The refusal of every exchange once the log reached its limit of <paramref name="size"/>.</summary>
    public static PolicyDecision Full(string size) =>
        PolicyDecision.Deny(FullRule, 503, $"network.jsonl reached its limit of {size} ([limits] network_log); egress is refused");

    public ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        if (refusal() is { } decision)
        {
            exchange.Stop(decision);
        }

        return ValueTask.CompletedTask;
    }
}
