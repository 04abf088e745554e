using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Exchanges;

/// <summary>What the transforms decided and did: the outcome the audit line records.</summary>
internal sealed partial class Exchange
{
    private static readonly PolicyDecision AllowedByDefault = PolicyDecision.Allow("allowed", "allowed");

    private List<ScrubbedItem>? _scrubbed;
    private string? _notes;

    /// <summary>
    /// The request's decision: a denial once a transform stopped it, else the allowing decision that named the
    /// entry it matched (the allowlist's), else plain "allowed".
    /// </summary>
    public PolicyDecision Decision { get; private set; } = AllowedByDefault;

    /// <summary>True once a transform stopped forwarding; no later request transform runs.</summary>
    public bool IsStopped => !Decision.Allowed;

    /// <summary>What DLP replaced (empty until a transform reports one).</summary>
    public IReadOnlyList<ScrubbedItem> Scrubbed
    {
        get
        {
            if (_scrubbed is not { } items)
            {
                return [];
            }

            lock (items)
            {
                return [.. items];
            }
        }
    }

    /// <summary>Problems met on the way (a failed forward, a tunnel that carried nothing), appended to the reason.</summary>
    public string? Notes => _notes;

    /// <summary>An allowing decision; the first that names an allowlist entry becomes the request's reason.</summary>
    public void Allow(PolicyDecision decision)
    {
        if (decision.Allowed && Decision.Entry is null && decision.Entry is not null && !IsStopped)
        {
            Decision = decision;
        }
    }

    /// <summary>Stops forwarding: the client gets <see cref="PolicyDecision.StatusCode"/> with the rule and reason.</summary>
    public void Stop(PolicyDecision denial)
    {
        if (denial.Allowed)
        {
            throw new ArgumentException("a denial is needed to stop an exchange", nameof(denial));
        }

        Decision = denial;
        Status = denial.StatusCode;
    }

    /// <summary>The decision with its reason replaced (redacted) by the proxy before it is answered or recorded.</summary>
    internal void ReplaceDecision(PolicyDecision decision) => Decision = decision;

    /// <summary>Records one kind of value a transform replaced (rule, where, count, hash; never the value).</summary>
    public void AddScrubbed(ScrubbedItem item)
    {
        // request and response bodies may be scrubbed at the same time (HTTP/2 streams both ways)
        var items = _scrubbed ?? Interlocked.CompareExchange(ref _scrubbed, [], null) ?? _scrubbed;
        lock (items)
        {
            items.Add(item);
        }
    }

    /// <summary>Adds a problem to the recorded reason (<c>reason; note</c>).</summary>
    public void Note(string problem) => _notes = _notes is null ? problem : $"{_notes}; {problem}";
}
