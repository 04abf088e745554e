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

    /// <summary>How many scrubbed items an exchange's line holds one by one (a WebSocket's findings' own cap); past it, one item per rule and place.</summary>
    public const int ScrubbedItemLimit = WebSockets.WebSocketFindings.MaxDistinct;

    /// <summary>The hash of an item that stands for the values past <see cref="ScrubbedItemLimit"/> (several hashes).</summary>
    public const string ManyValuesHash = "*";

    /// <summary>
    /// Records one kind of value a transform replaced (rule, where, count, hash; never the value). An item per distinct
    /// value made the line as long as the agent wished (red team s27: 20,000 distinct addresses in a 400 KB body, one
    /// line of over a megabyte; a streamed body has no bound), so past <see cref="ScrubbedItemLimit"/> the rest are counted in one
    /// item per rule and place, hash <see cref="ManyValuesHash"/>: every value is still counted.
    /// </summary>
    public void AddScrubbed(ScrubbedItem item)
    {
        // request and response bodies may be scrubbed at the same time (HTTP/2 streams both ways)
        var items = _scrubbed ?? Interlocked.CompareExchange(ref _scrubbed, [], null) ?? _scrubbed;
        lock (items)
        {
            if (items.Count < ScrubbedItemLimit)
            {
                items.Add(item);
                return;
            }

            var many = items.FindIndex(ScrubbedItemLimit,
                s => string.Equals(s.Rule, item.Rule, StringComparison.Ordinal) && string.Equals(s.Where, item.Where, StringComparison.Ordinal));
            if (many < 0)
            {
                items.Add(item with { Hash = ManyValuesHash });
            }
            else
            {
                items[many] = items[many] with { Count = items[many].Count + item.Count };
            }
        }
    }

    /// <summary>Adds a problem to the recorded reason (<c>reason; note</c>).</summary>
    public void Note(string problem) => _notes = _notes is null ? problem : $"{_notes}; {problem}";
}
