using System.Buffers;
using Vibedom.Scanning.Detection;

namespace Vibedom.Scanning.Dlp.Decoding;

/// <summary>
/// <c>application/x-www-form-urlencoded</c> as a receiver reads it: <c>+</c> is a space, <c>%XX</c> a byte. What
/// Python's <c>urlencode</c>, <c>requests(data=…)</c>, <c>curl --data-urlencode</c> and every HTML form send: a PEM
/// block as <c>-----BEGIN+OPENSSH+PRIVATE+KEY-----%0A…</c>, a card as <c>4111+1111+…</c>, an address as
/// <c>jane%40example.org</c>. In a body (bytes as Latin-1 chars) every <c>%XX</c> is its byte; in a text (a header,
/// a URL part) only an ASCII one is (a multi-byte character stays encoded).
/// </summary>
internal static class FormDecoding
{
    private static readonly SearchValues<char> Marks = SearchValues.Create("+%");

    /// <summary>What a form-encoded run is made of: unreserved chars, escapes, separators, and what lax encoders leave.</summary>
    private static readonly SearchValues<char> RunChars = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~*%+=&/:@!$,;'()");

    /// <summary>
    /// <paramref name="source"/> form-decoded in the runs of form chars that hold a <c>%XX</c> or a <c>+</c> between two
    /// letters or digits (<c>a+b</c>; not the <c>i++</c>, <c>C++</c> or <c>a + b</c> of code and prose), each with
    /// <paramref name="context"/> chars on each side: a receiver decodes a whole field, raw chars that end a run
    /// included (<c>4111 1111+1111 1111</c> is a card to it). Null when there is none.
    /// </summary>
    public static DecodedText? Decode(string source, bool bytes, int context = JsonEscapes.Context, DecodedText? from = null)
    {
        var regions = new DecodedRegions();
        var text = source.AsSpan();
        for (var at = text.IndexOfAny(Marks); at >= 0; at = Next(text, at))
        {
            var form = text[at] == '%'
                ? Byte(text, at) >= 0
                : at > 0 && at + 1 < text.Length && char.IsAsciiLetterOrDigit(text[at - 1]) && char.IsAsciiLetterOrDigit(text[at + 1]);
            if (form)
            {
                var end = text[at..].IndexOfAnyExcept(RunChars);
                end = end < 0 ? text.Length : at + end;
                regions.Add(Math.Max(0, text[..at].LastIndexOfAnyExcept(RunChars) + 1 - context), (int)Math.Min(text.Length, (long)end + context));
                at = end - 1; // the search goes on after the run
            }
        }

        return regions.Build(source, from, (builder, start, end) => DecodeRun(builder, source, start, end, bytes));
    }

    /// <summary>Whether <paramref name="value"/> holds a char a form run or a JSON token does not: sent raw, it splits them.</summary>
    public static bool EndsARun(string value) => value.AsSpan().IndexOfAnyExcept(RunChars) >= 0;

    private static void DecodeRun(DecodedTextBuilder builder, string source, int start, int end, bool bytes)
    {
        var run = source.AsSpan(start, end - start);
        for (var i = run.IndexOfAny(Marks); i >= 0; i = Next(run, i))
        {
            if (run[i] == '+')
            {
                builder.Replace(start + i, 1, [' ']);
            }
            else if (Byte(run, i) is var b and >= 0 && (bytes || b < 0x80))
            {
                builder.Replace(start + i, 3, [(char)b]);
            }
        }
    }

    /// <summary>The byte of <c>%XX</c> at <paramref name="at"/>; -1 when it is not one.</summary>
    private static int Byte(ReadOnlySpan<char> text, int at) => HexDigits.Parse(text, at + 1, 2);

    private static int Next(ReadOnlySpan<char> text, int at)
    {
        var next = text[(at + 1)..].IndexOfAny(Marks);
        return next < 0 ? -1 : at + 1 + next;
    }
}
