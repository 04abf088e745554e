using System.IO.Compression;
using Microsoft.Extensions.Primitives;

namespace Vibedom.Proxy.Dlp;

/// <summary>
/// <c>Content-Encoding</c> as DLP reads it: gzip, deflate (zlib, as HTTP means it) and br are decoded, in the reverse
/// of the order they were applied; identity is nothing to do; any other coding cannot be read and is refused.
/// </summary>
internal static class ContentCoding
{
    /// <summary>The codings to undo, last applied first; null when one is unknown (the body cannot be scanned).</summary>
    public static IReadOnlyList<string>? Parse(StringValues header)
    {
        var codings = new List<string>();
        foreach (var value in header)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var coding = part.ToLowerInvariant();
                switch (coding)
                {
                    case "identity":
                        break;
                    case "gzip" or "x-gzip" or "deflate" or "br":
                        codings.Add(coding);
                        break;
                    default:
                        return null;
                }
            }
        }

        codings.Reverse();
        return codings;
    }

    /// <summary>A stream of <paramref name="encoded"/>'s decoded bytes (<paramref name="codings"/> as <see cref="Parse"/> gave them).</summary>
    public static Stream Decode(Stream encoded, IReadOnlyList<string> codings)
    {
        var stream = encoded;
        foreach (var coding in codings)
        {
            stream = coding switch
            {
                "gzip" or "x-gzip" => new GZipStream(stream, CompressionMode.Decompress, leaveOpen: false),
                "deflate" => new ZLibStream(stream, CompressionMode.Decompress, leaveOpen: false),
                _ => new BrotliStream(stream, CompressionMode.Decompress, leaveOpen: false),
            };
        }

        return stream;
    }
}
