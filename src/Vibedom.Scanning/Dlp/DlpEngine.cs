using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Dlp.Pii;
using Vibedom.Scanning.Redaction;

namespace Vibedom.Scanning.Dlp;

/// <summary>
/// DLP over what leaves (or enters) the sandbox: one detector, three sources. The scanner's compiled rules
/// (defaults plus the user's, with their decoding), the PII detectors (<see cref="PiiDetectors"/>) and the
/// workspace's exact values (what the pre-flight found; held in memory only, matched bare, in any of the
/// detector's encodings, and as their own base64, hex and percent forms: <see cref="ExactValues"/>). Built once per session; thread-safe; every exchange gets its own
/// <see cref="BodyScrubber"/>. It knows no HTTP: the proxy hands it header values, URL parts and body bytes.
/// </summary>
public sealed partial class DlpEngine
{
    private readonly Detector _bounded;
    private readonly Detector _unbounded;
    private readonly ExactValues _exactText;
    private readonly ExactValues _exactBytes;
    private readonly bool _exactHasEscaped;
    private readonly int _decodedContext;
    private readonly IReadOnlyList<IPiiDetector> _pii;
    private readonly string[] _ignored;

    private DlpEngine(CompiledRules rules, IEnumerable<string> exactValues, DlpPolicy policy, DlpLimits limits, IEnumerable<string> ignoredValues)
    {
        _ignored = [.. ignoredValues.Where(v => v is { Length: >= MinimumIgnoredLength }).Distinct(StringComparer.Ordinal)];
        Policy = policy;
        Limits = limits;
        _bounded = rules.Detector.With(Redactor.DetectorOptions);
        // glued shapes are looked for in every decoded pass too (an `xAKIA…` in base64): the passes are shared with the
        // bounded rules, the unbounded ones only add their regexes where their keywords occur
        var unbounded = UnboundedRules.From(rules.Rules);
        _unbounded = _bounded.Derived(unbounded, Redactor.DetectorOptions);
        var values = exactValues.Where(v => v is not null).ToArray();
        _exactText = ExactValues.Create(values, bytes: false);
        _exactBytes = ExactValues.Create(values, bytes: true);
        _exactHasEscaped = HasEscaped(values);
        _decodedContext = DecodedContext(values);
        _pii = PiiDetectors.All;
        KnownBodies = new KnownBodies(limits, new ChangeMargins(rules.Rules.Rules.Concat(unbounded.Rules), _exactBytes.Reach, limits));
    }

    /// <summary>The action per class.</summary>
    public DlpPolicy Policy { get; }

    /// <summary>Limits of a body's hold-back (the same for every body).</summary>
    public DlpLimits Limits { get; }

    /// <summary>The bodies read whole this engine scanned, with their findings (a later body scans only what differs).</summary>
    internal KnownBodies KnownBodies { get; }

    /// <summary>The shortest value <see cref="Create(CompiledRules, IEnumerable{string}, DlpPolicy, DlpLimits, IEnumerable{string})"/> ignores.</summary>
    public const int MinimumIgnoredLength = 16;

    /// <summary>The rule id of a workspace exact value (<c>preflight</c>, as in records).</summary>
    public static string ExactValueRuleId => KnownSecrets.RuleId;

    public static DlpEngine Create(CompiledRules rules, IEnumerable<string> exactValues, DlpPolicy policy) =>
        Create(rules, exactValues, policy, DlpLimits.Default);

    /// <summary><see cref="Create(CompiledRules, IEnumerable{string}, DlpPolicy)"/> with other hold-back limits (tests, bench).</summary>
    public static DlpEngine Create(CompiledRules rules, IEnumerable<string> exactValues, DlpPolicy policy, DlpLimits limits)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(exactValues);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        return new DlpEngine(rules, exactValues, policy, limits, []);
    }

    /// <summary>
    /// An engine that leaves <paramref name="ignoredValues"/> alone: a secret whose value is one of them (or part of
    /// one) is neither replaced nor reported. The proxy passes the session's credential sentinels: shaped like real
    /// keys so clients accept them, they would otherwise be scrubbed before the credential swap puts the real value in.
    /// Values shorter than <see cref="MinimumIgnoredLength"/> are not ignored.
    /// </summary>
    public static DlpEngine Create(CompiledRules rules, IEnumerable<string> exactValues, DlpPolicy policy, DlpLimits limits, IEnumerable<string> ignoredValues)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(exactValues);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(ignoredValues);
        limits.Validate();
        return new DlpEngine(rules, exactValues, policy, limits, ignoredValues);
    }

    /// <summary>The marker a value of <paramref name="ruleId"/> becomes: <c>[REDACTED_&lt;RULE_ID&gt;]</c>.</summary>
    public static string Marker(string ruleId)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        return "[REDACTED_" + ruleId.ToUpperInvariant() + "]";
    }

    /// <summary>Scrubs one text (a URL path or query value, a header value) under <see cref="Policy"/>.</summary>
    public TextScrub ScrubText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = Find(text, bytes: false);
        if (matches.Count == 0)
        {
            return new TextScrub(text, []);
        }

        var counter = new DlpHitCounter();
        matches.ForEach(counter.Add);
        var ranges = DlpRanges.Replaced(matches, Policy);
        if (ranges.Count == 0)
        {
            return new TextScrub(text, counter.Hits);
        }

        var builder = new StringBuilder(text.Length);
        var at = 0;
        foreach (var r in ranges)
        {
            builder.Append(text, at, r.Start - at).Append(Marker(r.RuleId));
            at = r.End;
        }

        builder.Append(text, at, text.Length - at);
        return new TextScrub(builder.ToString(), counter.Hits) { Changed = true };
    }

    /// <summary>A scrubber for one body (request or response); not thread-safe, dispose it when the body ends.</summary>
    public BodyScrubber CreateBodyScrubber() => new(this);

    /// <summary>The UTF-8 bytes of a value as the Latin-1 chars a body is scanned as.</summary>
    internal static string AsBytes(string value) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(value));
}
