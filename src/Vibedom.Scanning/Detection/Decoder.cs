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
        var matches = FindEncodingMatches(data);
        for (var at = 0; at < matches.Count; at++)
        {
            var (kind, range) = matches[at];
            var encodedLength = range.End - range.Start;
            if (DecodesToNothing(kind, data.AsSpan(range.Start, encodedLength)))
            {
                continue; // a hash, a GUID: rejected in place (what follows for an empty decoding applies to percent runs only)
            }

            if (!cache.TryGetValue(data.AsSpan(range.Start, encodedLength), out var decodedValue))
            {
                var encodedValue = data.Substring(range.Start, encodedLength);
                decodedValue = DecodeOne(kind, encodedValue);
                _decoded[encodedValue] = decodedValue;
            }

            if (decodedValue.Length == 0)
            {
                if (kind == EncodingKinds.Percent && encodedLength > 3)
                {
                    MatchesWithin(data, range, matches, at + 1);
                }

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

        Recycle(matches);

        return segments;
    }

    /// <summary>
    /// A percent match runs from the first <c>%XX</c> of a line to its last (gitleaks' <c>.*</c>), and one byte in it that
    /// is not printable (<c>%CE … %A9</c>) makes the whole of it decode to nothing: the hex, base64 and unicode runs
    /// between were never matched, so a key written between two such escapes passed (red team s24). Those runs are
    /// matched in the span with its escapes blanked (same length: one scan, no percent match again) and inserted at
    /// <paramref name="index"/>, in order.
    /// </summary>
    private static void MatchesWithin(string data, TextRange range, List<(EncodingKinds Kind, TextRange Range)> matches, int index)
    {
        var span = data.ToCharArray(range.Start, range.End - range.Start);
        for (var i = 0; i + 2 < span.Length; i++)
        {
            if (span[i] == '%' && HexDigits.Value(span[i + 1]) >= 0 && HexDigits.Value(span[i + 2]) >= 0)
            {
                span[i] = span[i + 1] = span[i + 2] = ' ';
                i += 2;
            }
        }

        var inner = new List<(EncodingKinds Kind, TextRange Range)>();
        EncodingScanner.FindAll(span, inner);
        matches.InsertRange(index, inner.Select(m => (m.Kind, new TextRange(m.Range.Start + range.Start, m.Range.End + range.Start))));
    }

    /// <summary>The matches list of this thread's last scan, cleared and reused: a body's hex and GUID runs are hundreds of entries.</summary>
    [ThreadStatic]
    private static List<(EncodingKinds Kind, TextRange Range)>? Reused;

    /// <summary>A matches list above this capacity is not kept for the next scan (a huge body's does not stay in memory).</summary>
    private const int KeptCapacity = 4096;

    private static void Recycle(List<(EncodingKinds Kind, TextRange Range)> matches)
    {
        if (matches.Capacity <= KeptCapacity)
        {
            matches.Clear();
            Reused = matches;
        }
    }

    private static List<(EncodingKinds Kind, TextRange Range)> FindEncodingMatches(string data)
    {
        var matches = Reused ?? new List<(EncodingKinds Kind, TextRange Range)>(64);
        Reused = null; // taken until Recycle: a scan on this thread before then gets its own
        matches.Clear();
        EncodingScanner.FindAll(data, matches);
        // a match overlapped by a neighbour of higher precedence is dropped; filtered in place (a slot is written only
        // once its original was read: kept <= i)
        var kept = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            var m = matches[i];
            var precedence = Precedence(m.Kind);
            if (i > 0 && m.Range.Overlaps(matches[i - 1].Range) && Precedence(matches[i - 1].Kind) > precedence)
            {
                continue;
            }

            if (i + 1 < matches.Count && m.Range.Overlaps(matches[i + 1].Range) && Precedence(matches[i + 1].Kind) > precedence)
            {
                continue;
            }

            matches[kept++] = m;
        }

        matches.RemoveRange(kept, matches.Count - kept);
        return matches;
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
