using System.Text;
using Vibedom.Scanning.Rules;

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

    // vibedom's own fixed patterns: not parsed a second time at start-up (DecoderTests builds each of them)
    private static readonly Re2Regex EncodingsRe = new(
        @"(?P<percent>%[0-9A-Fa-f]{2}(?:.*%[0-9A-Fa-f]{2})?)" +
        @"|(?P<unicode>(?:(?:U\+[a-fA-F0-9]{4}(?:\s|$))+|(?i)(?:\\{1,2}u[a-fA-F0-9]{4})+))" +
        @"|(?P<hex>[0-9A-Fa-f]{32,})" +
        @"|(?P<base64>[\w\/+-]{16,}={0,2})",
        validate: false);

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
        foreach (var (kind, range) in FindEncodingMatches(data))
        {
            var encodedValue = data[range.Start..range.End];
            if (!_decoded.TryGetValue(encodedValue, out var decodedValue))
            {
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
            decodedShift += decodedValue.Length - encodedValue.Length;
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
        var all = new List<(EncodingKinds Kind, TextRange Range, int Precedence)>();
        var regex = EncodingsRe.Select(data, null, out var input);
        for (var m = regex.Match(input); m.Success; m = m.NextMatch())
        {
            for (var g = 1; g <= Encodings.Length; g++)
            {
                var group = m.Groups[g];
                if (group.Success)
                {
                    all.Add((Encodings[g - 1].Kind, new TextRange(group.Index, group.Index + group.Length), Encodings[g - 1].Precedence));
                }
            }
        }

        if (all.Count == 1)
        {
            return [(all[0].Kind, all[0].Range)];
        }

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

    private static string DecodeOne(EncodingKinds kind, string value) => kind switch
    {
        EncodingKinds.Percent => DecodePercent(value),
        EncodingKinds.Unicode => DecodeUnicode(value),
        EncodingKinds.Hex => DecodeHex(value),
        _ => DecodeBase64(value),
    };
}
