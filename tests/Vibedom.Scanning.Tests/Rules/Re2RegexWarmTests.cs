using System.Text;
using System.Text.RegularExpressions;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Xunit;

namespace Vibedom.Scanning.Tests.Rules;

/// <summary>
/// .NET's non-backtracking engine, past the DFA state count at which it switches to its NFA mode, misses matches
/// (.NET 10.0.x; docs/notes/regex-nonbacktracking-warm.md). One <see cref="Re2Regex"/> fed thousands of texts must
/// still find every match the backtracking engine finds.
/// </summary>
public sealed class Re2RegexWarmTests
{
    private static readonly string[] Pieces =
    [
        "token", "TOKEN", "max_tokens", "secret", "client_secret", "client-secret", "passwd", "password", "api_key", "apiKey", "api.key",
        "access-key", "private.key", "auth_key", "authKey", "private-key", "my_", "x.", "-", "_", ".", "a", "Z", "9", "\\", "\"", "'", "`",
        "=", ":", ":=", "=>", " ", "   ", "\n", "\t", "\r\n", "é", "×", "\u212A", "ſ", ",", "{", "}", "value", "0123456789abcdef",
        "Xk29Qz81Lp0vN7aBq4Rt", "~+/=", new string('a', 150), new string(' ', 300), new string('b', 40), "+/",
    ];

    [Fact]
    public void One_warm_instance_finds_every_match_the_backtracking_engine_finds_on_generated_text()
    {
        // the same generator as MatchNeighbourhoodTests: on the old code text 2648 of seed 21 lost its third match
        var warm = new Re2Regex(MatchNeighbourhood.GenericSecretAssignment);
        var random = new Random(21);
        for (var n = 0; n < 3000; n++)
        {
            var text = Generate(random);
            var expected = Backtracking(warm, text);

            var found = warm.Matches(text, null);

            Assert.True(expected.SequenceEqual(found), $"text {n} differs: {found.Count} of {expected.Count} matches: {System.Text.Json.JsonSerializer.Serialize(text)}");
        }
    }

    [Fact]
    public void A_match_call_that_fills_the_automaton_runs_again_on_a_fresh_build()
    {
        // an a 15 from a c: far more DFA states than the engine keeps, so one text reaches its NFA threshold
        var regex = new Re2Regex("(?:a|b)*a(?:a|b){14}c");
        var random = new Random(5);
        var text = string.Concat(Enumerable.Range(0, 60_000).Select(i => i % 997 == 996 ? 'c' : random.Next(2) == 0 ? 'a' : 'b'));
        var expected = Backtracking(regex, text);

        var found = regex.Matches(text, null);

        Assert.Equal(expected, found);
        Assert.True(regex.Builds >= 2, $"built {regex.Builds} times");
    }

    [Fact]
    public void The_state_count_of_a_non_backtracking_regex_is_readable()
    {
        // if a runtime renames the engine's fields, the bound is blind (nothing is rebuilt): this fails so it is seen
        var regex = new Regex("[a-c]+x", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        Assert.True(AutomatonStates.Count(regex) >= 0);

        _ = regex.Matches("aabbccx abx cx").Count;

        Assert.True(AutomatonStates.Count(regex) > 0);
    }

    private static List<(int Index, int Length)> Backtracking(Re2Regex re2, string text)
    {
        var pattern = re2.Select(text, null, out var input).ToString();
        var found = new List<(int Index, int Length)>();
        for (var m = new Regex(pattern, RegexOptions.CultureInvariant).Match(input); m.Success; m = m.NextMatch())
        {
            found.Add((m.Index, m.Length));
        }

        return found;
    }

    private static string Generate(Random random)
    {
        var builder = new StringBuilder();
        var count = random.Next(1, 60);
        for (var i = 0; i < count; i++)
        {
            builder.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return builder.ToString();
    }
}
