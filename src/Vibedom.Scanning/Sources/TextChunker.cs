using System.Buffers;

namespace Vibedom.Scanning.Sources;

/// <summary>
/// Splits a text stream into fragments of bounded size so a 2 GB file or a 100 MB line never sits in
/// memory whole. Each fragment carries <see cref="Overlap"/> chars of context on each side of the part
/// it owns; a match is reported only by the fragment owning its first char, so nothing is lost at a
/// cut and nothing is reported twice. Cuts prefer a line end. A text that fits is one fragment (as gitleaks).
/// </summary>
internal sealed class TextChunker
{
    public const int DefaultChunk = 1 << 20;
    public const int Overlap = 16 << 10;

    private readonly int _chunk;

    public TextChunker(int chunk = DefaultChunk)
    {
        _chunk = Math.Max(chunk, Overlap * 2);
    }

    /// <summary>A piece of the stream: text, 1-based line of its first char, and the [OwnedStart, OwnedEnd) range it reports.</summary>
    internal readonly record struct Chunk(string Text, int StartLine, int OwnedStart, int OwnedEnd, bool IsFirst);

    /// <summary>Reads the stream as fragments; <paramref name="maxChars"/> (a file's byte length) keeps small files' buffers small.</summary>
    public IEnumerable<Chunk> Read(TextReader reader, long maxChars = long.MaxValue)
    {
        var full = _chunk + (2 * Overlap);
        var buf = ArrayPool<char>.Shared.Rent(maxChars < full ? (int)maxChars + 1 : full);
        try
        {
            var len = 0;
            var startLine = 1;
            var first = true;
            var eof = false;
            while (true)
            {
                while (!eof && len < Math.Min(buf.Length, full))
                {
                    if (len == buf.Length - 1 && buf.Length < full)
                    {
                        // the file grew past its size hint: continue with a full-size buffer
                        var bigger = ArrayPool<char>.Shared.Rent(full);
                        buf.AsSpan(0, len).CopyTo(bigger);
                        ArrayPool<char>.Shared.Return(buf);
                        buf = bigger;
                    }

                    var n = reader.Read(buf, len, Math.Min(buf.Length, full) - len);
                    eof = n == 0;
                    len += n;
                }

                var ownedStart = first ? 0 : Overlap;
                var ownedEnd = eof ? len : CutPoint(buf, len);
                if (len == 0 || (ownedEnd <= ownedStart && !first))
                {
                    yield break;
                }

                yield return new Chunk(new string(buf, 0, len), startLine, ownedStart, ownedEnd, first);
                if (eof)
                {
                    yield break;
                }

                var shift = ownedEnd - Overlap;
                startLine += buf.AsSpan(0, shift).Count('\n');
                Array.Copy(buf, shift, buf, 0, len - shift);
                len -= shift;
                first = false;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buf);
        }
    }

    /// <summary>Where the owned part ends: at a line end in the last quarter if there is one, else a hard cut.</summary>
    private static int CutPoint(char[] buf, int len)
    {
        var limit = len - Overlap;
        var floor = Math.Max(Overlap + 1, limit - (limit / 4));
        var nl = buf.AsSpan(floor, limit - floor).LastIndexOf('\n');
        return nl >= 0 ? floor + nl + 1 : limit;
    }
}
