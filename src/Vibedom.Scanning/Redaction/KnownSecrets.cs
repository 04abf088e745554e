using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;

namespace Vibedom.Scanning.Redaction;

/// <summary>
/// Exact values that must never be recorded: what the pre-flight scan found in the workspace, the host
/// variables passed into the sandbox. Matched as one literal rule (<c>preflight</c>) by the detector, so
/// their percent-, hex-, unicode- and base64-encoded forms are found too; from 8 bytes also as their own base64, hex
/// and percent forms, however short the run (<see cref="Dlp.ExactValues"/>). Values shorter than
/// <see cref="MinimumLength"/> are ignored (they would redact ordinary words). Thread-safe; values
/// added later (the pre-flight scan ends after the proxy starts) apply to every later redaction.
/// </summary>
public sealed class KnownSecrets
{
    public const string RuleId = "preflight";
    public const int MinimumLength = 6;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private volatile Detector? _detector;

    public KnownSecrets(IEnumerable<string>? values = null)
    {
        Add(values ?? []);
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _values.Count;
            }
        }
    }

    internal Detector? Detector => _detector;

    /// <summary>A snapshot of the values (to combine sets; never to record).</summary>
    public IReadOnlyList<string> Values
    {
        get
        {
            lock (_gate)
            {
                return [.. _values];
            }
        }
    }

    public void Add(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        lock (_gate)
        {
            var before = _values.Count;
            foreach (var value in values.Where(v => v is not null && v.Length >= MinimumLength))
            {
                _values.Add(value);
            }

            if (_values.Count != before)
            {
                _detector = Build(_values);
            }
        }
    }

    /// <summary>The values as they are and their own encodings (<see cref="Dlp.ExactValues"/>: short base64 and hex runs too).</summary>
    private static Detector Build(IReadOnlyCollection<string> values)
    {
        List<Rule> rules = [LiteralRule(values)];
        if (Dlp.ExactValues.EncodedRule(Dlp.ExactValues.Needles(values).Keys) is { } encoded)
        {
            rules.Add(encoded);
        }

        return new Detector(new RuleSet { Title = "known secrets", Rules = rules }, Redactor.DetectorOptions);
    }

    /// <summary>The <see cref="RuleId"/> rule of <paramref name="values"/> as they are (the DLP engine adds their encoded forms beside it).</summary>
    internal static Rule LiteralRule(IEnumerable<string> values)
    {
        var pattern = "(" + string.Join('|', values.OrderByDescending(v => v.Length).Select(Escape)) + ")";
        // each value is its own keyword (lowered char by char, as the keyword matcher lowers text): the alternation runs
        // only on a text (or decoded pass) that holds one of them
        var keywords = values.Select(v => new string([.. v.Select(char.ToLowerInvariant)])).Distinct(StringComparer.Ordinal).ToArray();
        return new Rule { Id = RuleId, Description = "a value vibedom knows is secret", Regex = new Re2Regex(pattern), Keywords = keywords };
    }

    /// <summary>RE2 literal: ASCII letters and digits as they are, everything else as <c>\x{…}</c>.</summary>
    internal static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length * 2);
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && char.IsAsciiLetterOrDigit((char)rune.Value))
            {
                builder.Append((char)rune.Value);
            }
            else
            {
                builder.Append("\\x{").Append(rune.Value.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append('}');
            }
        }

        return builder.ToString();
    }
}
