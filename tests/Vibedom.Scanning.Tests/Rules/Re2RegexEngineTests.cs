using System.Text.RegularExpressions;
using Xunit;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Redaction;
using Vibedom.Scanning.Rules;

namespace Vibedom.Scanning.Tests.Rules;

/// <summary>
/// Which engine a pattern runs on: patterns that can repeat stay on the non-backtracking engine (hostile input
/// cannot make them hang); patterns that match a finite set of strings (no <c>* + {n}</c>, as the default path
/// allowlists) run on the interpreter, which costs microseconds to build where the non-backtracking
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
    [InlineData(@"x{2}")]
    [InlineData(@"x{2,}")]
    [InlineData(@"(?:a?b)+")]
    public void Pattern_that_repeats_stays_non_backtracking(string pattern)
    {
        Assert.True(NonBacktracking(new Re2Regex(pattern)));
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
