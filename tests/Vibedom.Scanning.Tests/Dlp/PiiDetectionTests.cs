using Vibedom.Scanning.Dlp;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>Each PII kind is found in its usual forms and validated; look-alikes that fail validation are left alone.</summary>
public sealed class PiiDetectionTests
{
    private static readonly DlpEngine PiiOnly = DlpFixture.Engine(new DlpPolicy(DlpAction.Off, DlpAction.Replace));

    public static TheoryData<string, string, string> Found() => new()
    {
        { "email", "mail jane.doe+tag@example.co.uk now", "jane.doe+tag@example.co.uk" },
        { "email", "\"to\":\"ops@corp-mail.example\"", "ops@corp-mail.example" },
        { "email", "reply to jane.noreply@example.com", "jane.noreply@example.com" },
        { "credit-card", "card 4111111111111111 exp", "4111111111111111" },
        { "credit-card", "card 4111 1111 1111 1111 exp", "4111 1111 1111 1111" },
        { "credit-card", "card 5500-0000-0000-0004.", "5500-0000-0000-0004" },
        { "credit-card", "amex 3782 822463 10005,", "3782 822463 10005" },
        { "credit-card", "{\"pan\":\"6011000990139424\"}", "6011000990139424" },
        { "credit-card", "jcb 180016070420458 ok", "180016070420458" },
        { "credit-card", "jcb 213176828496175 ok", "213176828496175" },
        { "credit-card", "maestro 6304000000000000 ok", "6304000000000000" },
        { "us-ssn", "ssn: 123-45-6789\n", "123-45-6789" },
        { "phone-number", "call (415) 555-2671 today", "(415) 555-2671" },
        { "phone-number", "call 415-555-2671 today", "415-555-2671" },
        { "phone-number", "tel:+14155552671", "+14155552671" },
        { "phone-number", "London +44 20 7946 0958.", "+44 20 7946 0958" },
        { "phone-number", "call 1-415-555-2671", "1-415-555-2671" },
        { "phone-number", "Phone: 0490 75 40 81 (work)", "0490 75 40 81" },
        { "phone-number", "Personal info: Phone:\n60-56-85-91", "60-56-85-91" },
        { "phone-number", "Mobile: 03.93.92.16.85;", "03.93.92.16.85" },
        { "phone-number", "fax +46 (0)8 928 571 38", "+46 (0)8 928 571 38" },
        { "phone-number", "please call me on (08) 8747 6301", "(08) 8747 6301" },
        { "phone-number", "Telephone 345-899-3560x4587", "345-899-3560x4587" },
        { "phone-number", "contact: 5403926876", "5403926876" },
        { "iban", "my iban is gb42nawi04454264788619", "gb42nawi04454264788619" },
        { "iban", "IBAN DE89 3704 0044 0532 0130 00 ok", "DE89 3704 0044 0532 0130 00" },
        { "iban", "\"iban\":\"GB82WEST12345698765432\"", "GB82WEST12345698765432" },
        { "iban", "GB82WEST12345698765432", "GB82WEST12345698765432" },
        { "iban", "commit 3f2a9c0d1e4b5a69788f0e1d2c3b4a5968778695 id 0f8fad5b-d9cb-469f-a165-70867728950e to GB82WEST12345698765432", "GB82WEST12345698765432" },
        { "iban", "a1b2 c3d4 ab12 de89 3704 0044 0532 0130 00.", "de89 3704 0044 0532 0130 00" },
        { "private-ipv4", "host 10.1.2.3:8080", "10.1.2.3" },
        { "private-ipv4", "db at 172.20.5.17,", "172.20.5.17" },
        { "private-ipv4", "\"ip\":\"192.168.1.20\"", "192.168.1.20" },
    };

    [Theory]
    [MemberData(nameof(Found))]
    public void Pii_is_replaced_by_its_rule_marker(string rule, string text, string value)
    {
        var result = PiiOnly.ScrubText(text);

        Assert.Equal(text.Replace(value, DlpEngine.Marker(rule), StringComparison.Ordinal), result.Text);
        var hit = Assert.Single(result.Hits);
        Assert.Equal((rule, DlpClass.Pii, false), (hit.RuleId, hit.Class, hit.High));
    }

    public static TheoryData<string, string> NotPii() => new()
    {
        { "Luhn-invalid card number", "card 4111111111111112" },
        { "Luhn-valid number no card starts with", "order 1000000000000008" },
        { "millisecond timestamp", "\"ts\": 1733140000000" },
        { "card grouping that no card uses", "id 41111 11111 11111 1" },
        { "card digits inside a longer number", "n=94111111111111111" },
        { "card digits inside a hex string", "sha 4111111111111111abcdef" },
        { "SSN area 000", "000-12-3456" },
        { "SSN area 666", "666-12-3456" },
        { "SSN area 9xx", "912-12-3456" },
        { "SSN group 00", "123-00-4567" },
        { "SSN serial 0000", "123-45-0000" },
        { "nine bare digits", "id 123456789" },
        { "a date", "2024-01-15T10:30:00Z" },
        { "bare digit run", "count 4155552671" },
        { "national number, exchange starting 1", "415-155-2671" },
        { "plus inside an expression", "x+14155552671" },
        { "version number", "v1.2.3 and 10.0.19041.1" },
        { "assembly version", "Version=10.0.0.0" },
        { "network with prefix", "10.0.0.0/8 and 192.168.0.0/16" },
        { "loopback", "127.0.0.1:8080" },
        { "public address", "8.8.8.8 and 172.32.1.1 and 192.169.1.1" },
        { "address in a longer dotted number", "1.10.1.2.3" },
        { "retina image name", "logo@2x.png and icon@3x.svg" },
        { "package at a version", "lodash@4.17.21 react@18.2.0" },
        { "git ssh url", "git@github.com:org/repo.git" },
        { "an agent's own commit trailer (Claude Code's Bash tool)", "Co-Authored-By: Claude <noreply@anthropic.com>" },
        { "no-reply senders", "From: no-reply@accounts.example.com, No_Reply@corp.example, DoNotReply@example.org, do-not-reply@example.net" },
        { "scoped package", "@babel/core@7.22.5" },
        { "IBAN with a bad check", "DE88 3704 0044 0532 0130 00" },
        { "IBAN in mixed case", "iban Gb42nawi04454264788619" },
        { "national number without a phone word", "sent 0490 75 40 81 items" },
        { "phone word on the line before a value", "call the parser twice\n0490 75 40 81" },
        { "short id after a phone word", "contact id 12345678" },
        { "date after a phone word", "call on 2024-01-15 or 15.01.2024" },
        { "dotted quad after a phone word", "call 203.0.113.77 directly" },
        { "phone word inside a longer word", "hotel 0490 75 40 81 and call_id 0490 75 40 81 and callbacks 0490 75 40 81" },
        { "a method named like a phone word", "fn.call(this, 1733140000) and api.contact(5403926876)" },
        { "a timestamp after a phone word in prose", "the api call at 1733140000 failed" },
        { "phone word too far before", "phone the team later, after the build finishes: 0490 75 40 81" },
        { "IBAN-like inside base64", "QWxhZGRpbjpvcGVuDE89370400440532013000c2VzYW1l" },
    };

    [Theory]
    [MemberData(nameof(NotPii))]
    public void Look_alikes_that_fail_validation_pass_unchanged(string why, string text)
    {
        var result = PiiOnly.ScrubText(text);

        Assert.True(result.Hits.Count == 0, $"{why}: {string.Join(", ", result.Hits.Select(h => h.RuleId))}");
        Assert.Same(text, result.Text);
    }
}
