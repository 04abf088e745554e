namespace Vibedom.Scanning.Dlp;

/// <summary>Hits aggregated per (rule, hash), in the order first found. Not thread-safe.</summary>
internal sealed class DlpHitCounter
{
    private readonly Dictionary<(string Rule, string Hash), int> _index = [];
    private readonly List<DlpHit> _hits = [];

    public IReadOnlyList<DlpHit> Hits => _hits;

    public void Add(DlpMatch match)
    {
        var key = (match.RuleId, match.Hash);
        if (_index.TryGetValue(key, out var i))
        {
            _hits[i] = _hits[i] with { Count = _hits[i].Count + 1 };
            return;
        }

        _index[key] = _hits.Count;
        _hits.Add(new DlpHit(match.RuleId, match.Class, match.High, match.Hash, 1));
    }
}
