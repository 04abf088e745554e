using System.Text;

namespace Vibedom.Core.Workspace;

/// <summary>
/// A file name that is not valid UTF-8: the valid parts as they are, every other byte NN as the lone
/// surrogate U+DCNN (Python's "surrogateescape"), so the name cannot collide with a real name such as
/// <c>bad\xff.txt</c>; the review shows such a surrogate as <c>\xNN</c> (Cli TerminalText).
/// </summary>
public static class NameEscaping
{
    /// <summary>Byte NN of an invalid name is the char SurrogateBase + NN (U+DC80..U+DCFF).</summary>
    public const int SurrogateBase = 0xDC00;

    public static string Escape(ReadOnlySpan<byte> raw)
    {
        var builder = new StringBuilder(raw.Length + 8);
        while (raw.Length > 0)
        {
            var status = System.Text.Rune.DecodeFromUtf8(raw, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                builder.Append(rune.ToString());
            }
            else
            {
                for (var i = 0; i < consumed; i++)
                {
                    builder.Append((char)(SurrogateBase + raw[i]));
                }
            }

            raw = raw[consumed..];
        }

        return builder.ToString();
    }

    /// <summary>The bytes <paramref name="path"/> stands for: each lone U+DCNN as byte NN, everything else as UTF-8.</summary>
    public static byte[] Unescape(string path)
    {
        var bytes = new List<byte>(path.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c is >= '\udc80' and <= '\udcff')
            {
                bytes.Add((byte)(c - SurrogateBase));
            }
            else if (char.IsHighSurrogate(c) && i + 1 < path.Length && char.IsLowSurrogate(path[i + 1]))
            {
                var n = new Rune(c, path[++i]).EncodeToUtf8(utf8);
                bytes.AddRange(utf8[..n]);
            }
            else
            {
                var n = new Rune(char.IsSurrogate(c) ? '\ufffd' : c).EncodeToUtf8(utf8);
                bytes.AddRange(utf8[..n]);
            }
        }

        return [.. bytes];
    }

    /// <summary>True when <paramref name="path"/> holds a byte of a name that is not UTF-8 (a lone U+DC80..U+DCFF).</summary>
    public static bool HasRawBytes(string path) => path.Any(c => c is >= '\udc80' and <= '\udcff');

    /// <summary>The path with each raw byte as the text <c>\xNN</c> (for output that must be valid UTF-8, e.g. JSON).</summary>
    public static string WithByteEscapes(string path) => !HasRawBytes(path) ? path : string.Concat(path.Select(c =>
        c is >= '\udc80' and <= '\udcff' ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\\x{c - SurrogateBase:x2}") : c.ToString()));
}
