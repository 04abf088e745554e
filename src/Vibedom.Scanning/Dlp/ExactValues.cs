using System.Buffers;
using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Redaction;
using Vibedom.Scanning.Rules;

namespace Vibedom.Scanning.Dlp;

/// <summary>
/// The workspace's exact values as one detector of two <c>preflight</c> rules: the values as they are (a
/// <see cref="KnownSecrets"/> literal rule: also found in the detector's decoded passes) and their encoded needles
/// (<see cref="ExactValueEncodings"/>, and their JSON-escaped forms: <see cref="JsonEscapedForms"/>), every needle
/// a keyword of the same gate as the values. A needle's match is
/// widened to the whole base64 groups it sits in (and their padding), and reports the value's hash.
/// </summary>
internal sealed class ExactValues
{
    private const string EncodedTag = "encoded-exact-value";

    /// <summary>The chars of both base64 alphabets: a needle with none of <c>+/-_</c> is in either (one entry for both).</summary>
    private static readonly SearchValues<char> Base64Chars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_");

    /// <summary>A needle's keyword is at most its first this many chars (the gate's automaton stays small for long values).</summary>
    private const int KeywordLength = 32;

    private readonly Dictionary<string, EncodedNeedle> _needles;

    private ExactValues(Detector? detector, Dictionary<string, EncodedNeedle> needles, int reach)
    {
        Detector = detector;
        _needles = needles;
        Reach = reach;
    }

    /// <summary>
    /// The most chars a match of a value spans: the longest value or needle, and the base64 chars a needle's match is
    /// widened by (the rest of its 4-char groups and their padding); 0 without values.
    /// </summary>
    public int Reach { get; }

    /// <summary>Null when there is no value (of <see cref="KnownSecrets.MinimumLength"/> at least).</summary>
    public Detector? Detector { get; }

    /// <summary><paramref name="bytes"/>: the values are matched as their UTF-8 bytes read as Latin-1 chars (a body).</summary>
    public static ExactValues Create(IReadOnlyList<string> values, bool bytes)
    {
        var kept = values.Where(v => (bytes ? DlpEngine.AsBytes(v) : v).Length >= KnownSecrets.MinimumLength).Distinct(StringComparer.Ordinal).ToArray();
        var needles = Needles(kept);
        foreach (var value in kept)
        {
            foreach (var form in JsonEscapedForms.Of(value))
            {
                var text = bytes ? DlpEngine.AsBytes(form) : form; // a body's bytes hold a non-ASCII char as its UTF-8 bytes
                needles.TryAdd(text, new EncodedNeedle(text, EncodedForm.Json, 0, 0, DlpHash.OfText(value)));
            }
        }

        if (kept.Length == 0)
        {
            return new ExactValues(null, needles, 0);
        }

        var reach = needles.Keys.Select(n => n.Length).Concat(kept.Select(v => (bytes ? DlpEngine.AsBytes(v) : v).Length)).Max() + 8;

        List<Rule> rules = [KnownSecrets.LiteralRule(bytes ? kept.Select(DlpEngine.AsBytes) : kept)];
        if (EncodedRule(needles.Keys) is { } encoded)
        {
            rules.Add(encoded);
        }

        return new ExactValues(new Detector(new RuleSet { Title = "exact values", Rules = rules }, Redactor.DetectorOptions), needles, reach);
    }

    /// <summary>The needles of <paramref name="values"/> (texts, encoded as UTF-8), by their text.</summary>
    internal static Dictionary<string, EncodedNeedle> Needles(IEnumerable<string> values)
    {
        var needles = new Dictionary<string, EncodedNeedle>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            foreach (var needle in ExactValueEncodings.Of(Encoding.UTF8.GetBytes(value), DlpHash.OfText(value)))
            {
                needles.TryAdd(needle.Text, needle);
            }
        }

        return needles;
    }

    /// <summary>
    /// The <c>preflight</c> rule of <paramref name="needles"/> (null for none): a literal alternation with no group (the
    /// match is the needle), longest first; each needle's first chars (lowered) a keyword. Also the record redactor's.
    /// </summary>
    internal static Rule? EncodedRule(IReadOnlyCollection<string> needles)
    {
        if (needles.Count == 0)
        {
            return null;
        }

        var pattern = "(?:" + string.Join('|', needles.OrderByDescending(n => n.Length).Select(KnownSecrets.Escape)) + ")";
        var keywords = needles.Select(n => n[..Math.Min(n.Length, KeywordLength)].ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        return new Rule { Id = KnownSecrets.RuleId, Description = "a value vibedom knows is secret, encoded", Regex = new Re2Regex(pattern), Keywords = keywords, Tags = [EncodedTag] };
    }

    /// <summary>
    /// For a match of the encoded rule: its range in <paramref name="text"/> widened to whole base64 groups (the chars
    /// before the needle in its group, those after it, then the padding that ends the group; only the padding after
    /// the char with the value's last bits when the data may end there), and the value's hash.
    /// A match found in a decoded pass keeps its range (the decoded segment's). False for any other match.
    /// </summary>
    public bool TryCover(SecretMatch match, string text, bool decoded, out int start, out int end, out string hash)
    {
        (start, end, hash) = (match.ValueStart, match.ValueEnd, string.Empty);
        if (!match.Tags.Contains(EncodedTag) || !_needles.TryGetValue(match.Secret, out var needle))
        {
            return false;
        }

        hash = needle.Hash;
        if (decoded || needle.Form is not (EncodedForm.Base64 or EncodedForm.Base64Url))
        {
            return true;
        }

        for (var i = 0; i < needle.Before && start > 0 && Base64Chars.Contains(text[start - 1]); i++)
        {
            start--;
        }

        // the char after the needle holds the value's last bits and the next byte's first ones: when those are zero the
        // value may end the data (then only padding follows: a '/' after unpadded base64 in a path is not eaten); else
        // the rest of the group follows (bits of the bytes after the value only)
        var after = 0;
        if (needle.After > 0 && end < text.Length && Base64Chars.Contains(text[end]))
        {
            var nextBits = needle.After == 3 ? 0x0F : 0x03;
            var ends = (Sextet(text[end]) & nextBits) == 0;
            end++;
            after++;
            for (; !ends && after < needle.After && end < text.Length && Base64Chars.Contains(text[end]); after++)
            {
                end++;
            }
        }

        // a group cut short by the end of the data is padded to 4 chars
        for (var pad = (4 - ((needle.Before + needle.Text.Length + after) % 4)) % 4; pad > 0 && end < text.Length && text[end] == '='; pad--)
        {
            end++;
        }

        return true;
    }

    /// <summary>The 6 bits a base64 char (either alphabet) stands for.</summary>
    private static int Sextet(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' or '-' => 62,
        _ => 63,
    };
}
