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

    public IReadOnlyList<SecretMatch> Detect(Fragment fragment)
    {
        var findings = new List<SecretMatch>();
        if (CommitOrPathAllowed(fragment, _rules.Allowlists))
        {
            return findings;
        }

        var context = new FragmentContext(fragment);
        var currentRaw = fragment.Raw;
        IReadOnlyList<EncodedSegment> segments = [];
        var depth = 0;
        var decoder = new Decoder();
        var found = new bool[_keywords.Keywords.Count];
        while (true)
        {
            var view = new TextView(currentRaw);
            Array.Clear(found);
            _keywords.FindAll(currentRaw, found);
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

            depth++;
            if (depth > _options.MaxDecodeDepth)
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

        return FilterGeneric(findings);
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
