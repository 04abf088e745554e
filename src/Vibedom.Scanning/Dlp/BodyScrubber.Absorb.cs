using System.Text;
using System.Text.RegularExpressions;

namespace Vibedom.Scanning.Dlp;

public sealed partial class BodyScrubber
{
    private static readonly Regex PemBegin = new(@"(?:-|\\u002d|%2d){5}begin", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex PemEnd = new(
        @"(?:-|\\u002d|%2d){5}end[ a-z0-9_-]{0,100}(?:-|\\u002d|%2d){5}", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private Absorb _absorb;

    /// <summary>What the start of the held bytes continues: a value cut because it was longer than the hold-back.</summary>
    private enum Absorb
    {
        None,

        /// <summary>A one-line value: dropped up to the next byte that cannot be part of a token.</summary>
        Token,

        /// <summary>A private key block longer than <see cref="DlpLimits.PemBlock"/>: dropped through its <c>-----END …-----</c>.</summary>
        PrivateKey,
    }

    /// <summary>
    /// The first PEM block that begins (relative to the held bytes) before <paramref name="r"/> and has not ended yet:
    /// <c>Hold</c> is its start while it is within <see cref="DlpLimits.PemBlock"/>, <c>Overflow</c> its start once it
    /// is longer; -1 for none.
    /// </summary>
    private (int Hold, int Overflow) PemHold(string text, int r)
    {
        for (var b = PemBegin.Match(text, _ctx); b.Success; b = PemBegin.Match(text, b.Index + b.Length))
        {
            var p = b.Index - _ctx;
            if (p >= r)
            {
                break;
            }

            var end = PemEnd.Match(text, b.Index + b.Length);
            if (!end.Success)
            {
                return _len - p <= _limits.PemBlock ? (p, -1) : (-1, p);
            }

            b = end; // the next block starts after this one's end
        }

        return (-1, -1);
    }

    /// <summary>A private key block that outgrew its bound: its held part becomes a match, the rest is absorbed.</summary>
    private void AbsorbPrivateKey(string text, List<DlpMatch> matches, int pem, int r)
    {
        var from = _ctx + pem;
        var header = text.AsSpan(from, Math.Min(160, text.Length - from));
        if (_engine.Policy.Secrets == DlpAction.Off || header.IndexOf("PRIVATE KEY", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return;
        }

        matches.Add(new DlpMatch("private-key", DlpClass.Secret, true, from, _ctx + r, DlpHash.OfBytes(text.AsSpan(from, r - pem))));
        if (_engine.Policy.Secrets == DlpAction.Replace)
        {
            _absorb = Absorb.PrivateKey;
        }
    }

    /// <summary>Drops the held bytes that continue a value cut by the last release (they are replaced by its marker).</summary>
    private void DropAbsorbed()
    {
        if (_absorb == Absorb.None || _len == 0)
        {
            return;
        }

        var held = _buf.AsSpan(_ctx, _len);
        int n;
        if (_absorb == Absorb.Token)
        {
            n = held.IndexOfAny(TokenEnds);
        }
        else
        {
            var end = PemEnd.Match(Encoding.Latin1.GetString(held));
            n = end.Success ? end.Index + end.Length : -1;
        }

        if (n >= 0)
        {
            _absorb = Absorb.None;
        }

        Consume(n < 0 ? _len : n);
    }

    /// <summary>Bytes no token contains: whitespace, quotes, separators of JSON, forms, URLs and markup, and non-ASCII.</summary>
    internal static readonly System.Buffers.SearchValues<byte> TokenEnds = System.Buffers.SearchValues.Create(
        [.. " \t\r\n\"'`,;&<>(){}[]"u8, .. Enumerable.Range(0x80, 0x80).Select(b => (byte)b)]);
}
