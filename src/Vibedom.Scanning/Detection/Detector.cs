using Vibedom.Scanning.Rules;

namespace Vibedom.Scanning.Detection;

/// <summary>
/// gitleaks' detector (detect/detect.go) on one fragment of text: keyword prefilter in one pass, the
/// rules whose keywords occur, recursive decoding, allowlists, entropy, generic de-duplication. It knows
/// no files and no HTTP; sources hand it fragments. Thread-safe: one instance serves all workers.
/// </summary>
public sealed partial class Detector
{
    private const string AllowSignature = "gitleaks:allow";
    private readonly RuleSet _rules;
    private readonly DetectorOptions _options;
    private readonly KeywordMatcher _keywords;
    private readonly int[][] _ruleKeywordIndexes;
    private readonly Dictionary<string, Rule> _byId;

    public Detector(RuleSet rules, DetectorOptions? options = null)
    {
        _rules = rules;
        _options = options ?? new DetectorOptions();
        var keywords = rules.Rules.SelectMany(r => r.Keywords).Distinct(StringComparer.Ordinal).ToArray();
        var index = keywords.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        _keywords = new KeywordMatcher(keywords);
        _ruleKeywordIndexes = rules.Rules.Select(r => r.Keywords.Select(k => index[k]).ToArray()).ToArray();
        _byId = rules.Rules.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    }

    private Detector(Detector compiled, DetectorOptions options)
    {
        _rules = compiled._rules;
        _options = options;
        _keywords = compiled._keywords;
        _ruleKeywordIndexes = compiled._ruleKeywordIndexes;
        _byId = compiled._byId;
    }

    private Detector(Detector keywordsOf, RuleSet rules, DetectorOptions options)
    {
        _rules = rules;
        _options = options;
        _keywords = keywordsOf._keywords;
        var index = _keywords.Keywords.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        _ruleKeywordIndexes = rules.Rules.Select(r => r.Keywords.Select(k => index[k]).ToArray()).ToArray();
        _byId = rules.Rules.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    }

    /// <summary>
    /// A detector of <paramref name="rules"/> that uses this one's keyword automaton: every keyword of
    /// <paramref name="rules"/> must be one of this detector's (rules derived from its own, such as
    /// <c>UnboundedRules</c>). Run as a companion (<see cref="DetectWith"/>), it reuses this detector's keyword pass.
    /// </summary>
    public Detector Derived(RuleSet rules, DetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(options);
        var known = _keywords.Keywords.ToHashSet(StringComparer.Ordinal);
        if (rules.Rules.SelectMany(r => r.Keywords).FirstOrDefault(k => !known.Contains(k)) is { } missing)
        {
            throw new ArgumentException($"keyword '{missing}' is not one of this detector's", nameof(rules));
        }

        return new Detector(this, rules, options);
    }

    public RuleSet Rules => _rules;

    public DetectorOptions Options => _options;

    /// <summary>The same compiled rules (keyword automaton, regexes) with other options: costs nothing to build.</summary>
    public Detector With(DetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options == _options ? this : new Detector(this, options);
    }

    /// <summary>Scans a plain string (no path: path rules and path allowlists do not apply).</summary>
    public IReadOnlyList<SecretMatch> Detect(string text) => Detect(new Fragment(text));

    public IReadOnlyList<SecretMatch> Detect(Fragment fragment) => DetectAll(fragment, [this])[0];

    /// <summary>
    /// This detector and <paramref name="companions"/> over one fragment, sharing its decoding passes: the text is
    /// decoded once (while any of them decodes that deep) and each detector runs its own keyword prefilter and rules
    /// on each pass it would have reached alone. Element <c>i</c> of the result is what detector <c>i</c> (this one
    /// first) would have returned from <see cref="Detect(Fragment)"/>, in the same order.
    /// </summary>
    public IReadOnlyList<SecretMatch>[] DetectWith(Fragment fragment, params IReadOnlyList<Detector> companions)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        ArgumentNullException.ThrowIfNull(companions);
        return DetectAll(fragment, [this, .. companions]);
    }

    private static IReadOnlyList<SecretMatch>[] DetectAll(Fragment fragment, Detector[] detectors)
    {
        var findings = new List<SecretMatch>[detectors.Length];
        var active = new bool[detectors.Length];
        var maxDepth = -1;
        for (var d = 0; d < detectors.Length; d++)
        {
            findings[d] = [];
            active[d] = !CommitOrPathAllowed(fragment, detectors[d]._rules.Allowlists);
            maxDepth = active[d] ? Math.Max(maxDepth, detectors[d]._options.MaxDecodeDepth) : maxDepth;
        }

        if (maxDepth < 0)
        {
            return findings;
        }

        var context = new FragmentContext(fragment);
        var currentRaw = fragment.Raw;
        IReadOnlyList<EncodedSegment> segments = [];
        var depth = 0;
        var decoder = new Decoder();
        var carry = new KeywordCarry();
        while (true)
        {
            var view = new TextView(currentRaw);
            (KeywordMatcher? Matcher, bool[]? Found) shared = default;
            for (var d = 0; d < detectors.Length; d++)
            {
                if (active[d] && depth <= detectors[d]._options.MaxDecodeDepth)
                {
                    var keywords = detectors[d]._keywords;
                    var found = ReferenceEquals(shared.Matcher, keywords) ? shared.Found! : carry.Find(keywords, view.Text, segments, depth);
                    shared = (keywords, found);
                    detectors[d].DetectPass(context, view, segments, found, findings[d]);
                }
            }

            depth++;
            if (depth > maxDepth)
            {
                break;
            }

            (currentRaw, var next) = decoder.Decode(currentRaw, segments);
            if (next.Count == 0)
            {
                break;
            }

            segments = next;
        }

        var result = new IReadOnlyList<SecretMatch>[detectors.Length];
        for (var d = 0; d < detectors.Length; d++)
        {
            result[d] = FilterGeneric(findings[d]);
        }

        return result;
    }

    /// <summary>One decoding pass, its keywords found: every rule one of whose keywords occurs (or that has none).</summary>
    private void DetectPass(FragmentContext context, TextView view, IReadOnlyList<EncodedSegment> segments, bool[] found, List<SecretMatch> findings)
    {
        for (var r = 0; r < _rules.Rules.Count; r++)
        {
            var ids = _ruleKeywordIndexes[r];
            var run = ids.Length == 0;
            for (var k = 0; k < ids.Length && !run; k++)
            {
                run = found[ids[k]];
            }

            if (run)
            {
                findings.AddRange(DetectRule(context, view, _rules.Rules[r], segments, inherited: false));
            }
        }
    }

    /// <summary>
    /// gitleaks' filter(): a generic-rule finding is dropped when a specific rule found a secret containing it on
    /// the same line. Same result as gitleaks' pairwise loop, but indexed by line so a minified file with
    /// thousands of findings stays linear.
    /// </summary>
    private static List<SecretMatch> FilterGeneric(List<SecretMatch> findings)
    {
        if (findings.Count < 2)
        {
            return findings;
        }

        static bool IsGeneric(SecretMatch f) => f.RuleId.Contains("generic", StringComparison.OrdinalIgnoreCase);
        var specificByLine = findings.Where(f => !IsGeneric(f)).ToLookup(f => f.StartLine);
        var result = new List<SecretMatch>(findings.Count);
        foreach (var f in findings)
        {
            var include = !IsGeneric(f) || !specificByLine[f.StartLine].Any(other =>
                f.RuleId != other.RuleId && other.Secret.Contains(f.Secret, StringComparison.Ordinal));
            if (include)
            {
                result.Add(f);
            }
        }

        return result;
    }
}
