using System.Text.RegularExpressions;
using Xunit;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Redaction;
using Vibedom.Scanning.Rules;

namespace Vibedom.Scanning.Tests.Rules;

/// <summary>
/// Which engine a pattern runs on: patterns that can repeat stay on the non-backtracking engine (hostile input
/// cannot make them hang); patterns that match a finite set of strings (no <c>* + {n,m}</c>, as the default path
/// allowlists; exact counts of one char such as <c>[0-9a-f]{32}</c>, up to 256 in all) run on the interpreter, which costs microseconds to build where the non-backtracking
/// construction cost milliseconds per pattern: most of a one-file pre-flight scan.
/// </summary>
public sealed class Re2RegexEngineTests
{
    private static bool NonBacktracking(Re2Regex regex) =>
        regex.Select("some/path.txt", null, out _).Options.HasFlag(RegexOptions.NonBacktracking);

    [Fact]
    public void Default_path_allowlists_are_finite_run_on_the_interpreter()
    {
        var paths = RuleLoader.LoadDefault().Allowlists.SelectMany(a => a.Paths).ToList();

        Assert.NotEmpty(paths);
        Assert.All(paths, p => Assert.False(NonBacktracking(p), p.Source));
    }

    [Fact]
    public void Default_rules_every_pattern_builds()
    {
        // the embedded rules skip the load-time parse (Re2Regex(pattern, validate: false)): this is their check
        var set = RuleLoader.LoadDefault();
        var patterns = set.Rules.SelectMany(r => new[] { r.Regex, r.Path }.OfType<Re2Regex>().Concat(r.Allowlists.SelectMany(a => a.Paths.Concat(a.Regexes))))
            .Concat(set.Allowlists.SelectMany(a => a.Paths.Concat(a.Regexes)))
            .ToList();

        Assert.True(patterns.Count > 50, $"only {patterns.Count} patterns");
        Assert.All(patterns, p =>
        {
            _ = p.IsMatch("ascii text");
            _ = p.IsMatch("non-ASCII text: é ü 漢"); // the exact \b fallback, where a pattern has one
        });
    }

    [Fact]
    public void Decoder_and_unbounded_redaction_patterns_every_one_builds()
    {
        // both skip the load-time parse (fixed patterns; a checked rule's pattern without its boundaries): this is their check
        var patterns = Decoder.Patterns.Concat(UnboundedRules.From(RuleLoader.LoadDefault()).Rules.Select(r => r.Regex!)).ToList();

        Assert.True(patterns.Count > 10, $"only {patterns.Count} patterns");
        Assert.All(patterns, p =>
        {
            _ = p.IsMatch("ascii text");
            _ = p.IsMatch("non-ASCII text: é ü 漢");
        });
    }

    [Theory]
    [InlineData(@"a+")]
    [InlineData(@"(?:ab)*c")]
    [InlineData(@"(?:xy){2}")]
    [InlineData(@"x{2,}")]
    [InlineData(@"x{2,3}")]
    [InlineData(@"x{257}")]
    [InlineData(@"[a-z]{200}[0-9]{57}")]
    [InlineData(@"(?:a?b)+")]
    public void Pattern_that_repeats_stays_non_backtracking(string pattern)
    {
        Assert.True(NonBacktracking(new Re2Regex(pattern)));
    }

    [Theory]
    [InlineData(@"\b(SK[0-9a-fA-F]{32})\b")]
    [InlineData(@"x{2}")]
    [InlineData(@"[a-z]{200}[0-9]{56}")]
    public void Exact_counts_of_one_char_run_on_the_interpreter_for_short_text_only(string pattern)
    {
        var regex = new Re2Regex(pattern);

        Assert.False(NonBacktracking(regex));
        Assert.True(regex.Select(new string('a', Re2Regex.ShortText + 1), null, out _).Options.HasFlag(RegexOptions.NonBacktracking));
    }

    [Fact]
    public void A_log_line_naming_a_disk_builds_no_non_backtracking_regex_for_twilio_api_key()
    {
        // keyword "sk" is in "disk": the first session.log limits line built this rule's matcher, milliseconds on the
        // non-backtracking engine (its Unicode word-letter set and minterms); its pattern has exact counts only
        var twilio = RuleLoader.LoadDefault().Rules.Single(r => r.Id == "twilio-api-key").Regex!;

        Assert.False(NonBacktracking(twilio));
        var key = "SK" + string.Concat(Enumerable.Repeat("0123456789abcdef", 2));
        Assert.True(twilio.IsMatch($"token {key} here"));
        Assert.False(twilio.IsMatch($"token {key}0 here"));
        Assert.False(twilio.IsMatch("Limits: memory 11.8 GiB, changes/ 20 GiB by a disk watcher"));
    }

    [Fact]
    public void Exact_count_pattern_on_hostile_text_answers_without_timing_out()
    {
        // near-matches at every position: on a short text each start tries at most the pattern's 256 chars; a long
        // one goes to the non-backtracking engine (a RegexMatchTimeoutException would fail the test)
        var twilio = new Re2Regex(@"\b(SK[0-9a-fA-F]{32})\b");
        var widest = new Re2Regex(@"[a-f]{200}[0-9]{56}");
        foreach (var length in new[] { Re2Regex.ShortText, 1_000_000 })
        {
            Assert.False(twilio.IsMatch(string.Concat(Enumerable.Repeat("SK" + new string('a', 31) + "!", length / 34 + 1))[..length]));
            Assert.False(widest.IsMatch(new string('a', length)));
        }
    }

    [Theory]
    [InlineData(@"(?i)\.(?:jpe?g|png)$", "images/Photo.JPG", true)]
    [InlineData(@"(?i)\.(?:jpe?g|png)$", "images/photo.jpg.txt", false)]
    [InlineData(@"(?:^|/)(?:node_modules|\.venv)(?:/|$)", "a/node_modules", true)]
    [InlineData(@"(?:^|/)(?:node_modules|\.venv)(?:/|$)", "a/node_modulesx/b", false)]
    [InlineData(@"^\$\(", "$(cat key)", true)]
    public void Finite_pattern_matches_as_re2(string pattern, string input, bool expected)
    {
        Assert.Equal(expected, new Re2Regex(pattern).IsMatch(input));
    }

    [Fact]
    public void Finite_pattern_on_hostile_names_answers_without_timing_out()
    {
        // names an agent can plant: long runs of near-matches of every alternative; a finite pattern tries each
        // start position a bounded number of ways, so these answer (a RegexMatchTimeoutException would fail the test)
        var regex = RuleLoader.LoadDefault().Allowlists.SelectMany(a => a.Paths).ToList();
        var names = new[]
        {
            string.Concat(Enumerable.Repeat("node_module/", 4_000)) + "x",
            string.Concat(Enumerable.Repeat(".jpe.tif.wof", 4_000)) + ".txt",
            new string('/', 40_000) + "yarn.loc",
        };
        foreach (var name in names)
        {
            Assert.All(regex, r => Assert.False(r.IsMatch(name)));
        }
    }
}
