using System.Text;

namespace Vibedom.Scanning.Detection;

/// <summary>
/// Finds percent, unicode-escape, hex and base64 segments and replaces them with their decoded text
/// (gitleaks detect/codec/decoder.go and encodings.go). One instance per fragment: it caches decodings.
/// </summary>
internal sealed partial class Decoder
{
    private static readonly (EncodingKinds Kind, int Precedence)[] Encodings =
    [
        (EncodingKinds.Percent, 4),
        (EncodingKinds.Unicode, 3),
        (EncodingKinds.Hex, 2),
        (EncodingKinds.Base64, 1),
    ];

    private readonly Dictionary<string, string> _decoded = new(StringComparer.Ordinal);

    public (string Text, List<EncodedSegment> Segments) Decode(string data, IReadOnlyList<EncodedSegment> predecessors)
    {
        var segments = FindEncodedSegments(data, predecessors);
        if (segments.Count == 0)
        {
            return (data, segments);
        }

        var result = new StringBuilder(data.Length);
        var encodedStart = 0;
        foreach (var segment in segments)
        {
            result.Append(data, encodedStart, segment.Encoded.Start - encodedStart);
            result.Append(segment.DecodedValue);
            encodedStart = segment.Encoded.End;
        }

        result.Append(data, encodedStart, data.Length - encodedStart);
        return (result.ToString(), segments);
    }

    private List<EncodedSegment> FindEncodedSegments(string data, IReadOnlyList<EncodedSegment> predecessors)
    {
        var segments = new List<EncodedSegment>();
        if (data.Length == 0)
        {
            return segments;
        }

        var decodedShift = 0;
        var cache = _decoded.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (kind, range) in FindEncodingMatches(data))
        {
            var encodedLength = range.End - range.Start;
            if (!cache.TryGetValue(data.AsSpan(range.Start, encodedLength), out var decodedValue))
            {
                var encodedValue = data.Substring(range.Start, encodedLength);
                decodedValue = DecodeOne(kind, encodedValue);
                _decoded[encodedValue] = decodedValue;
            }

            if (decodedValue.Length == 0)
            {
                continue;
            }

            var segment = new EncodedSegment
            {
                Predecessors = predecessors,
                Original = EncodedSegment.ToOriginal(predecessors, range),
                Encoded = range,
                Decoded = new TextRange(range.Start + decodedShift, range.Start + decodedShift + decodedValue.Length),
                DecodedValue = decodedValue,
                Encodings = kind,
                Depth = 1,
            };
            decodedShift += decodedValue.Length - encodedLength;
            if (predecessors.Count != 0)
            {
                segment.Depth = 1 + predecessors[0].Depth;
                foreach (var p in predecessors)
                {
                    if (segment.Encoded.Overlaps(p.Decoded))
                    {
                        segment.Encodings |= p.Encodings;
                    }
                }
            }

            segments.Add(segment);
        }

        return segments;
    }

    private static List<(EncodingKinds Kind, TextRange Range)> FindEncodingMatches(string data)
    {
        var matches = new List<(EncodingKinds Kind, TextRange Range)>();
        EncodingScanner.FindAll(data, matches);
        if (matches.Count < 2)
        {
            return matches;
        }

        var all = matches.ConvertAll(m => (m.Kind, m.Range, Precedence: Precedence(m.Kind)));

        var filtered = new List<(EncodingKinds, TextRange)>(all.Count);
        for (var i = 0; i < all.Count; i++)
        {
            var m = all[i];
            if (i > 0 && m.Range.Overlaps(all[i - 1].Range) && all[i - 1].Precedence > m.Precedence)
            {
                continue;
            }

            if (i + 1 < all.Count && m.Range.Overlaps(all[i + 1].Range) && all[i + 1].Precedence > m.Precedence)
            {
                continue;
            }

            filtered.Add((m.Kind, m.Range));
        }

        return filtered;
    }

    private static int Precedence(EncodingKinds kind)
    {
        foreach (var (k, precedence) in Encodings)
        {
            if (k == kind)
            {
                return precedence;
            }
        }

        return 0;
    }

    private static string DecodeOne(EncodingKinds kind, string value) => kind switch
    {
        EncodingKinds.Percent => DecodePercent(value),
        EncodingKinds.Unicode => DecodeUnicode(value),
        EncodingKinds.Hex => DecodeHex(value),
        _ => DecodeBase64(value),
    };
}
