using System.Text;
using System.Text.RegularExpressions;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Detection;

/// <summary>Running a known pattern only near its factors finds exactly the matches of one scan of the whole text.</summary>
public sealed class MatchNeighbourhoodTests
{
    private static readonly Re2Regex Generic = new(MatchNeighbourhood.GenericSecretAssignment);

    private static readonly string[] Pieces =
    [
        "token", "TOKEN", "max_tokens", "secret", "client_secret", "client-secret", "passwd", "password", "api_key", "apiKey", "api.key",
        "access-key", "private.key", "auth_key", "authKey", "private-key", "my_", "x.", "-", "_", ".", "a", "Z", "9", "\\", "\"", "'", "`",
        "=", ":", ":=", "=>", " ", "   ", "\n", "\t", "\r\n", "é", "×", "\u212A", "ſ", ",", "{", "}", "value", "0123456789abcdef",
        "Xk29Qz81Lp0vN7aBq4Rt", "~+/=", new string('a', 150), new string(' ', 300), new string('b', 40), "+/",
    ];

    /// <summary>
    /// Both sides run the translated pattern on the backtracking engine: the windows' logic is what is compared. (.NET's
    /// non-backtracking engine, past 10,000 automaton states, missed an occasional match even in a whole scan:
    /// worked around in `Re2Regex`, see the Scanning README.)
    /// </summary>
    private static Regex Engine(string text, out string input) =>
        new(Generic.Select(text, null, out input).ToString(), RegexOptions.CultureInvariant);

    private static List<(int, int)> Whole(string text)
    {
        var found = new List<(int, int)>();
        for (var m = Engine(text, out var input).Match(input); m.Success; m = m.NextMatch())
        {
            found.Add((m.Index, m.Length));
        }

        return found;
    }

    private static List<(int, int)>? NearOnly(string text)
    {
        var regex = Engine(text, out var input);
        return MatchNeighbourhood.Of(Generic)!.Matches(regex, input);
    }

    private static List<(int, int)> Near(string text) => NearOnly(text) ?? Whole(text);

    [Fact]
    public void The_default_generic_secret_assignment_rule_is_a_known_pattern()
    {
        // if the rule's pattern changes, this fails: check the neighbourhood's proof still holds for it, then update both
        var rule = CompiledRules.Defaults.Rules.Rules.Single(r => r.Id == "generic-secret-assignment");

        Assert.NotNull(MatchNeighbourhood.Of(rule.Regex!));
    }

    [Theory]
    [InlineData("{\"model\":\"claude\",\"max_tokens\":4096,\"messages\":[]}")]
    [InlineData("x")]
    [InlineData("")]
    public void Near_matches_equal_whole_matches_on_known_shapes(string text) => Assert.Equal(Whole(text), Near(text));

    [Fact]
    public void A_secret_assigned_after_a_long_run_of_white_space_is_found_near_its_name()
    {
        var text = "{\"max_tokens\":4096}\nclient_secret" + new string(' ', 5000) + "=\t\n  " + TestSecrets.HighEntropyValue + " tail";

        var near = Near(text);

        Assert.Single(near);
        Assert.Equal(Whole(text), near);
    }

    [Fact]
    public void Near_matches_equal_whole_matches_on_generated_text()
    {
        var random = new Random(21);
        for (var n = 0; n < 4000; n++)
        {
            var builder = new StringBuilder();
            var count = random.Next(1, 60);
            for (var i = 0; i < count; i++)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }

            var text = builder.ToString();
            Assert.True(Whole(text).SequenceEqual(Near(text)), $"differs on: {System.Text.Json.JsonSerializer.Serialize(text)}");
        }
    }

    [Fact]
    public void A_text_dense_with_factors_is_left_to_one_whole_scan()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            builder.Append(i % 7 == 0 ? "token=" + TestSecrets.HighEntropyValue + i + " " : "secret ");
        }

        var text = builder.ToString();

        Assert.Null(NearOnly(text)); // the caller scans it whole
    }
}
