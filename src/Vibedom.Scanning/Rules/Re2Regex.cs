using System.Text;
using System.Text.RegularExpressions;

namespace Vibedom.Scanning.Rules;

/// <summary>
/// A Go RE2 pattern compiled for .NET with RE2's semantics, on the non-backtracking engine, so hostile
/// input cannot make it hang. RE2's <c>\b</c> is ASCII-only, .NET's is not; they differ only next to
/// non-ASCII word chars. For a pattern that names no non-ASCII char itself, every non-ASCII char of the
/// input is interchangeable, so such input is matched as a projection where each non-ASCII char becomes
/// <see cref="NonAsciiStandIn"/> (not a word char): same length, same positions, RE2's boundaries.
/// Only a pattern with both <c>\b</c> and non-ASCII literals runs the exact lookaround form on the
/// backtracking engine, under a hard timeout (<see cref="RegexMatchTimeoutException"/>).
/// A pattern with no repeating quantifier (only <c>?</c>, as the path allowlists) also runs on the
/// backtracking interpreter: it matches a finite set of strings, so each start position costs at most a
/// bound fixed by the pattern and a match stays linear in the input, and building it takes microseconds
/// where the non-backtracking engine's construction took milliseconds per pattern (most of a one-file
/// pre-flight scan). A pattern that repeats only by exact counts of one char (<c>[0-9a-f]{32}</c>, up to
/// 256 in all) is finite too but a start position may cost that many steps: it runs on the interpreter for
/// a text of at most <see cref="ShortText"/> chars (a session.log line, an audit field: a line naming a
/// "disk" built <c>twilio-api-key</c>'s matcher, keyword <c>sk</c>) and on the non-backtracking engine for longer ones.
/// A pattern opening with gitleaks' lazy <c>[\w.-]{0,N}?</c> head matches through its core (<see cref="LazyPrefixSplit"/>).
/// </summary>
public sealed partial class Re2Regex
{
    /// <summary>How long one match call on the backtracking fallback may run.</summary>
    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The char every non-ASCII char becomes in a projection: '×', a symbol, never a word char or space.</summary>
    public const char NonAsciiStandIn = '\u00d7';

    /// <summary>The longest text an exact-count pattern matches on the interpreter (at most 256 steps a position).</summary>
    public const int ShortText = 4096;

    private readonly RegexSlot _fast;
    private readonly RegexSlot? _core;
    private readonly int _headBound;
    private readonly RegexSlot? _short;
    private readonly RegexSlot? _exact;
    private readonly bool _projectable;

    public Re2Regex(string pattern)
        : this(pattern, validate: true)
    {
    }

    /// <summary>
    /// <paramref name="validate"/> false skips parsing the translated pattern now: only for vibedom's own embedded
    /// rules, which the test suite builds one by one (DefaultRules_EveryPattern_Builds), so a run does not parse
    /// every default pattern twice (once here, once when a scan first needs it). Their translations were made at
    /// build time (<see cref="CompiledDefaultRules"/>).
    /// </summary>
    internal Re2Regex(string pattern, bool validate)
    {
        Source = pattern;
        var fast = (validate ? null : CompiledDefaultRules.Translation(pattern)) ?? Re2Translator.Translate(pattern); // the embedded rules' translations are compiled in
        GroupCount = fast.GroupCount;
        if (validate)
        {
            Validate(fast.Pattern);
        }

        var merged = LazyPrefixMerge.Apply(fast.Pattern);
        _fast = new RegexSlot(() => Build(merged, nonBacktracking: fast.Repeats));
        if (fast.Repeats && LazyPrefixSplit.Of(merged) is { } split)
        {
            if (validate)
            {
                Validate(split.Core);
            }

            _core = new RegexSlot(() => Build(split.Core, nonBacktracking: true));
            _headBound = split.Bound;
        }

        if (fast.ExactCountsOnly)
        {
            _short = new RegexSlot(() => Build(fast.Pattern, nonBacktracking: false));
        }

        if (fast.UsesWordBoundary)
        {
            NeedsAsciiBoundaries = true;
            _projectable = !fast.NamesNonAscii;
            if (!_projectable)
            {
                var exact = Re2Translator.Translate(pattern, exactWordBoundary: true).Pattern;
                _exact = new RegexSlot(() => Build(exact, nonBacktracking: false));
            }
        }
    }

    /// <summary>The RE2 pattern as written in the rule file.</summary>
    public string Source { get; }

    /// <summary>Number of capture groups, numbered as RE2 numbers them.</summary>
    public int GroupCount { get; }

    /// <summary>True when non-ASCII input must be projected (see <see cref="Select"/>).</summary>
    public bool NeedsAsciiBoundaries { get; }

    /// <summary>Every non-ASCII char replaced by <see cref="NonAsciiStandIn"/>; the text itself when it is ASCII.</summary>
    public static string Project(string text)
    {
        if (Ascii.IsValid(text))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = source[i];
                span[i] = c < 128 ? c : NonAsciiStandIn;
            }
        });
    }

    /// <summary>
    /// The regex to run and the string to run it on (same length as <paramref name="text"/>, so indexes map
    /// one to one; take values from <paramref name="text"/>). <paramref name="projected"/> is the cached
    /// <see cref="Project"/> of the text, if the caller has one.
    /// </summary>
    public Regex Select(string text, string? projected, out string input) => Choose(text, projected, out input).Value;

    public bool IsMatch(string text)
    {
        var chosen = Choose(text, null, out var input);
        return _core is not null && chosen == _fast ? _core.Match(r => r.IsMatch(input)) : chosen.Match(r => r.IsMatch(input)); // a match holds a core match, and a core match is one
    }

    /// <summary>The groups of the first match in <paramref name="text"/>, as values of the text (RE2 numbering; "" for unmatched).</summary>
    public string[]? MatchGroups(string text) => MatchGroups(text, out _);

    /// <summary><see cref="MatchGroups(string)"/>, with each group's char index in <paramref name="text"/> (-1 for unmatched).</summary>
    internal string[]? MatchGroups(string text, out int[] starts)
    {
        var chosen = Choose(text, null, out var input);
        var m = (_core is not null && chosen == _fast ? _core : chosen).Match(r => r.Match(input));
        var start = m.Index;
        if (m.Success && _core is not null && chosen == _fast)
        {
            if (m.Length == 0)
            {
                m = chosen.Match(r => r.Match(input)); // the one case the split does not cover (see LazyPrefixSplit)
                start = m.Index;
            }
            else
            {
                start = HeadStart(input, 0, m.Index);
            }
        }

        if (!m.Success)
        {
            starts = [];
            return null;
        }

        var groups = new string[m.Groups.Count];
        starts = new int[groups.Length];
        for (var g = 0; g < groups.Length; g++)
        {
            var group = m.Groups[g];
            groups[g] = group.Success ? text.Substring(group.Index, group.Length) : string.Empty;
            starts[g] = group.Success ? group.Index : -1;
        }

        groups[0] = text[start..(m.Index + m.Length)];
        starts[0] = start;
        return groups;
    }

    /// <summary>How many times the non-backtracking regexes were built (<see cref="RegexSlot"/>): for tests and probes.</summary>
    internal int Builds => _fast.Builds + (_core?.Builds ?? 0);

    public override string ToString() => Source;

    /// <summary>Parses the translated pattern now (cheap), so a rule file fails at load, not mid-scan; the matcher is built on first use.</summary>
    private static void Validate(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new Re2TranslationException($"translated pattern rejected by .NET: {e.Message}", e);
        }
    }

    private static Regex Build(string pattern, bool nonBacktracking)
    {
        try
        {
            if (!nonBacktracking)
            {
                return new Regex(pattern, RegexOptions.CultureInvariant, FallbackTimeout);
            }

            var regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            ConstructionCaches.Release(regex); // most of what construction leaves on the heap, never used to match
            return regex;
        }
        catch (NotSupportedException) when (nonBacktracking)
        {
            return Build(pattern, nonBacktracking: false);
        }
        catch (ArgumentException e)
        {
            throw new Re2TranslationException($"translated pattern rejected by .NET: {e.Message}", e);
        }
    }
}
