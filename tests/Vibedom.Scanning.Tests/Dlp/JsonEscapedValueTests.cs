using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>
/// A workspace value holding a char JSON writes with a short escape (a quote, a backslash, a newline) is matched in its
/// JSON-escaped forms, no longer by decoding every <c>\n</c> and <c>\"</c> of every body (which scanned a chat body
/// twice): each way a hostile agent can write it in JSON, once or nested, still has it replaced.
/// </summary>
public sealed class JsonEscapedValueTests
{
    /// <summary>A password with a quote, a backslash, a slash, a space and a non-ASCII char; assembled at run time.</summary>
    private static string Value => string.Concat("pa\"ss\\w/", "ord é-Xk29Qz");

    /// <summary>A private key's lines as a pre-flight finds them.</summary>
    private static string Lines => string.Concat("MIIEowIBAAKCAQEA7x", "\nq2Lw9TkXz8VbN3mRd", "\nHs4Yc7PgJ0uWfEa1", "\n");

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

    public static TheoryData<string, string> Writings => new()
    {
        { "short escapes", Escape(Value) },
        { "escaped twice (JSON in a JSON string)", Escape(Escape(Value)) },
        { "one char \\u-escaped, the rest short", Escape(Value).Replace("s\\\\", "\\u0073\\\\", StringComparison.Ordinal) },
        { "the quote \\u-escaped", Escape(Value).Replace("\\\"", "\\u0022", StringComparison.Ordinal) },
        { "the slash escaped (PHP)", Escape(Value).Replace("/", "\\/", StringComparison.Ordinal) },
        { "non-ASCII \\u-escaped (Python's ensure_ascii)", Escape(Value).Replace("é", "\\u00e9", StringComparison.Ordinal) },
        { "escaped twice, the quote \\u-escaped inside", Escape(Escape(Value).Replace("\\\"", "\\u0022", StringComparison.Ordinal)) },
        { "escaped twice, PHP inside", Escape(Escape(Value).Replace("/", "\\/", StringComparison.Ordinal)) },
    };

    [Theory]
    [MemberData(nameof(Writings))]
    public void A_value_with_a_quote_and_a_backslash_is_replaced_however_json_writes_it(string why, string written)
    {
        var engine = DlpFixture.Engine(exact: [Value]);

        var (output, _) = DlpFixture.Scrub(engine, "{\"messages\":[{\"content\":\"line one\\nsaid \\\"hi\\\"\\n the password: " + written + " ok\"}]}");

        Assert.True(output.Contains("the password: [REDACTED_PREFLIGHT] ok", StringComparison.Ordinal), why + ": " + output);
    }

    [Theory]
    [MemberData(nameof(Writings))]
    public void A_value_with_a_quote_is_replaced_in_a_header_or_url_text(string why, string written)
    {
        var engine = DlpFixture.Engine(exact: [Value]);

        Assert.True(engine.ScrubText("x " + written + " y").Text == "x [REDACTED_PREFLIGHT] y", why);
    }

    [Fact]
    public void A_private_keys_lines_in_a_tool_calls_arguments_are_replaced()
    {
        var engine = DlpFixture.Engine(exact: [Lines]);
        var arguments = Escape("{\"path\":\"id_rsa\",\"content\":\"" + Escape(Lines) + "\"}");

        var (output, _) = DlpFixture.Scrub(engine, "{\"tool_calls\":[{\"function\":{\"arguments\":\"" + arguments + "\"}}]}");

        Assert.Contains("[REDACTED_PREFLIGHT]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("q2Lw9TkXz8VbN3mRd", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A form field holding JSON that holds JSON: form-decoded, then a JSON string escaped twice. The decoded passes stop
    /// at two decodings (form, then one JSON level), so the session-25 engine sent it; the twice-escaped form is matched.
    /// </summary>
    [Fact]
    public void A_value_escaped_twice_inside_a_form_field_is_replaced()
    {
        var engine = DlpFixture.Engine(exact: [Value]);
        var json = "{\"args\":\"{\\\"pw\\\":\\\"" + Escape(Escape(Value)) + "\\\"}\"}";

        var (output, _) = DlpFixture.Scrub(engine, "a=1&data=" + Uri.EscapeDataString(json) + "&b=2");

        Assert.Contains("[REDACTED_PREFLIGHT]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Xk29Qz", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Red team s27: as above, with the quote written <c>\u0022</c> inside (.NET's default encoder writes a quote so):
    /// form-decoded, then the JSON string escaped twice holds <c>\\u0022</c>, which needs two more JSON decodings (three in all,
    /// <c>MaxDecodedDepth</c>), and matches none of the value's escaped forms.
    /// </summary>
    [Fact]
    public void A_value_escaped_twice_with_a_unicode_escaped_quote_inside_a_form_field_is_replaced()
    {
        var engine = DlpFixture.Engine(exact: [Value]);
        var inner = Escape(Escape(Value).Replace("\\\"", "\\u0022", StringComparison.Ordinal));
        var json = "{\"args\":\"{\\\"pw\\\":\\\"" + inner + "\\\"}\"}";

        var (output, _) = DlpFixture.Scrub(engine, "a=1&data=" + Uri.EscapeDataString(json) + "&b=2");

        Assert.DoesNotContain("Xk29Qz", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clean_chat_body_with_short_escapes_passes_byte_identical_when_a_value_has_a_newline()
    {
        var engine = DlpFixture.Engine(exact: [Lines, Value]);
        const string body = "{\"messages\":[{\"content\":\"line one\\nsaid \\\"hi\\\" and C:\\\\temp\\\\x\\n\\tdone\"}]}";

        Assert.Equal(body, DlpFixture.Scrub(engine, body).Output);
    }
}
