using System.Text;
using System.Text.Json;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team (redteam6): the hostile agent inside `vibedom run` writes a value so that the receiver reads it whole while
/// the engine's decoded passes (FormDecoding, JsonEscapes) saw only part of it. Real binary, real sandbox, Python's
/// urllib posting the bytes it built; the loopback upstream records what it receives, and the test reads that as the
/// receiver would (JSON parsed, the form's fields decoded).
/// </summary>
public sealed class RedTeamDlpDecodedSplitTests
{
    private static string Card => string.Concat("4111 1111", " 1111 1111");

    private static string Email => string.Concat("jane.doe", "@", "example", ".org");

    /// <summary>
    /// Was a FINDING (medium), fixed: each decoded pass reads context on both sides of what it decodes, and a decoded
    /// match is dropped only when an original one holds it (FoundRanges.Covers). A card with one digit written
    /// <c>\u0031</c> between raw spaces (a JSON token ends at a space: the pass held what came before the escape only), a
    /// card grouped by raw spaces and one '+' in a form (a form run ends at a space), and an e-mail with its dot written
    /// <c>\u002e</c> (the original pass found <c>u002edoe@example.org</c>, which hid the JSON pass's whole address, so
    /// <c>jane\</c> was sent) each arrived readable by the receiver.
    /// </summary>
    [Fact]
    public async Task A_card_or_an_email_split_by_an_escape_and_raw_spaces_arrives_redacted_as_the_receiver_reads_it()
    {
        await using var s = await RedTeamDlp.StartAsync();

        var result = await RedTeamDlp.RunAsync(s, $$"""
            set -e
            python3 - <<'PY'
            import urllib.request
            def post(path, body, kind):
                req = urllib.request.Request("{{s.HttpsUrl("/record/")}}" + path, data=body.encode(), method="POST", headers={"Content-Type": kind})
                urllib.request.urlopen(req).read()
            head, rest = "{{Card[..4]}}", "{{Card[5..]}}"
            user, domain = "{{Email[..4]}}", "{{Email[5..]}}"
            post("json-split", '{"c":"' + head + ' \\u0031' + rest[1:] + '","m":"' + user + '\\u002e' + domain + '"}', "application/json")
            post("form-split", "c=" + head + " " + rest[:4] + "+" + rest[5:] + "&x=1", "application/x-www-form-urlencoded")
            PY
            """);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var json = Encoding.UTF8.GetString(RedTeamDlp.Received(s, "/record/json-split").Body);
        var form = Encoding.UTF8.GetString(RedTeamDlp.Received(s, "/record/form-split").Body);
        using var parsed = JsonDocument.Parse(json);
        var read = parsed.RootElement.GetProperty("c").GetString() + " " + parsed.RootElement.GetProperty("m").GetString();
        Assert.Multiple(
            () => Assert.DoesNotContain(Card, read, StringComparison.Ordinal),
            () => Assert.DoesNotContain("jane", read, StringComparison.Ordinal),
            () => Assert.Equal("{\"c\":\"[REDACTED_CREDIT-CARD]\",\"m\":\"[REDACTED_EMAIL]\"}", json),
            () => Assert.Equal("c=[REDACTED_CREDIT-CARD]&x=1", form));
    }
}
