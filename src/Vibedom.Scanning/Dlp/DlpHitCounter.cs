namespace Vibedom.Scanning.Dlp;

/// <summary>
/// Hits aggregated per (rule, hash), in the order first found. A streamed body has no size bound, so one hit per
/// distinct value would let the agent make the proxy hold as many as it sends (red team s27: 200,000 addresses, as many
/// hits): past <see cref="MaxDistinct"/> values, the rest of a rule's hits are counted in one hit with hash
/// <see cref="ManyValuesHash"/> (every match is still counted; high when any of them is). Not thread-safe.
/// </summary>
internal sealed class DlpHitCounter
{
    /// <summary>The distinct values kept one by one (the proxy's audit line holds as many items).</summary>
    public const int MaxDistinct = 512;

    /// <summary>The hash of a hit that stands for several values past <see cref="MaxDistinct"/>.</summary>
    public const string ManyValuesHash = "*";

    private readonly Dictionary<(string Rule, string Hash), int> _index = [];
    private readonly List<DlpHit> _hits = [];
    private int _distinct;

    public IReadOnlyList<DlpHit> Hits => _hits;

    public void Add(DlpMatch match)
    {
        var key = (match.RuleId, match.Hash);
        if (!_index.ContainsKey(key) && _distinct >= MaxDistinct)
        {
            key = (match.RuleId, ManyValuesHash);
        }

        if (_index.TryGetValue(key, out var i))
        {
            _hits[i] = _hits[i] with { Count = _hits[i].Count + 1, High = _hits[i].High || match.High };
            return;
        }

        if (!string.Equals(key.Hash, ManyValuesHash, StringComparison.Ordinal))
        {
            _distinct++;
        }

        _index[key] = _hits.Count;
        _hits.Add(new DlpHit(match.RuleId, match.Class, match.High, key.Hash, 1));
    }
}
