namespace Vibedom.Scanning.Detection;

/// <summary>A decoded piece of text and where it came from (detect/codec/segment.go).</summary>
internal sealed class EncodedSegment
{
    public required IReadOnlyList<EncodedSegment> Predecessors { get; init; }

    public required TextRange Original { get; init; }

    public required TextRange Encoded { get; init; }

    public required TextRange Decoded { get; init; }

    public required string DecodedValue { get; init; }

    public EncodingKinds Encodings { get; set; }

    public int Depth { get; set; }

    public static IReadOnlyList<string> Tags(IReadOnlyList<EncodedSegment> segments)
    {
        if (segments.Count == 0)
        {
            return [];
        }

        var kinds = segments.Aggregate(EncodingKinds.None, (k, s) => k | s.Encodings);
        var tags = new List<string>();
        foreach (var kind in new[] { EncodingKinds.Percent, EncodingKinds.Unicode, EncodingKinds.Hex, EncodingKinds.Base64 })
        {
            if ((kinds & kind) != 0)
            {
                tags.Add("decoded:" + kind.ToString().ToLowerInvariant());
            }
        }

        tags.Add("decode-depth:" + segments[0].Depth);
        return tags;
    }

    public static string CurrentLine(IReadOnlyList<EncodedSegment> segments, string currentRaw)
    {
        var start = 0;
        var end = currentRaw.Length;
        var decoded = segments[0].Decoded;
        for (var i = 1; i < segments.Count; i++)
        {
            decoded = decoded.Merge(segments[i].Decoded);
        }

        for (var i = Math.Min(decoded.Start, currentRaw.Length - 1); i > -1; i--)
        {
            if (currentRaw[i] == '\n')
            {
                start = i;
                break;
            }
        }

        for (var i = decoded.End; i < end; i++)
        {
            if (currentRaw[i] == '\n')
            {
                end = i;
                break;
            }
        }

        return currentRaw[start..end];
    }

    public static TextRange AdjustMatchIndex(IReadOnlyList<EncodedSegment> segments, TextRange match) =>
        segments.Count == 0 ? match : ToOriginal(segments, match);

    public static List<EncodedSegment> WithDecodedOverlap(IReadOnlyList<EncodedSegment> segments, TextRange match)
    {
        var overlaps = new List<EncodedSegment>();
        foreach (var s in segments)
        {
            if (s.Decoded.Overlaps(match))
            {
                overlaps.Add(s);
            }
        }

        return overlaps;
    }

    public static TextRange ToOriginal(IReadOnlyList<EncodedSegment> predecessors, TextRange decoded)
    {
        while (true)
        {
            if (predecessors.Count == 0)
            {
                return decoded;
            }

            var encoded = default(TextRange);
            foreach (var p in predecessors)
            {
                if (!p.Decoded.Overlaps(decoded))
                {
                    continue;
                }

                if (p.Decoded.Contains(decoded))
                {
                    return p.Original;
                }

                var piece = p.Encoded.Add(p.Decoded.Overflow(decoded));
                encoded = encoded.End == 0 ? piece : encoded.Merge(piece);
            }

            if (encoded.End == 0)
            {
                return decoded;
            }

            (predecessors, decoded) = (predecessors[0].Predecessors, encoded);
        }
    }
}
