using System.Runtime.Intrinsics;

namespace Vibedom.Scanning.Detection;

internal sealed partial class KeywordPrefilter
{
    private KeywordPrefilter(IReadOnlyList<string> keywords)
    {
        _keywords = [.. keywords];
        _pairs = [.. Enumerable.Range(0, _keywords.Length).Where(k => _keywords[k].Length == 2)];
        var lo = new byte[3][];
        var hi = new byte[3][];
        for (var i = 0; i < 3; i++)
        {
            (lo[i], hi[i]) = (new byte[16], new byte[16]);
        }

        foreach (var k in _pairs)
        {
            Add(lo, hi, 0, _keywords[k][0], PairBucket);
            Add(lo, hi, 1, _keywords[k][1], PairBucket);
            for (var n = 0; n < 16; n++)
            {
                lo[2][n] |= PairBucket; // the third char is any char
                hi[2][n] |= PairBucket;
            }
        }

        var byTriple = new Dictionary<int, List<int>>();
        var longer = Enumerable.Range(0, _keywords.Length).Where(k => _keywords[k].Length >= 3).ToArray();
        var buckets = AssignBuckets([.. longer.Select(k => _keywords[k])]);
        for (var n = 0; n < longer.Length; n++)
        {
            var k = longer[n];
            var keyword = _keywords[k];
            for (var i = 0; i < 3; i++)
            {
                Add(lo, hi, i, keyword[i], 1 << buckets[n]);
            }

            var key = TripleKey(keyword[0], keyword[1], keyword[2]);
            _triples[key >> 6] |= 1UL << key;
            if (!byTriple.TryGetValue(key, out var ids))
            {
                byTriple[key] = ids = [];
            }

            ids.Add(k);
        }

        foreach (var (key, ids) in byTriple)
        {
            _byTriple[key] = [.. ids];
        }

        (_lo0, _hi0) = (Vector128.Create(lo[0]), Vector128.Create(hi[0]));
        (_lo1, _hi1) = (Vector128.Create(lo[1]), Vector128.Create(hi[1]));
        (_lo2, _hi2) = (Vector128.Create(lo[2]), Vector128.Create(hi[2]));
    }

    /// <summary>Lets <paramref name="c"/> (and its upper case, for a letter) pass at <paramref name="position"/> for the bucket bit.</summary>
    private static void Add(byte[][] lo, byte[][] hi, int position, char c, int bit)
    {
        foreach (var v in char.IsAsciiLetterLower(c) ? [c, (char)(c & ~0x20)] : new[] { c })
        {
            lo[position][v & 0x0F] |= (byte)bit;
            hi[position][v >> 4] |= (byte)bit;
        }
    }
}
