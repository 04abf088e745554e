using Vibedom.Scanning.Dlp.Decoding;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp.Decoding;

/// <summary>JSON string escapes decoded as a receiver reads them, each decoded range mapped back to what was sent.</summary>
public sealed class JsonEscapesTests
{
    [Fact]
    public void Every_short_escape_decodes_and_a_value_maps_back_to_its_escaped_span()
    {
        const string sent = "{\"u\":\"https:\\/\\/h.example\\/a\\\"b\\\\c\\n\\t\\r\\b\\f\"}";
        var decoded = JsonEscapes.Decode(sent, bytes: false)!;

        Assert.Equal("{\"u\":\"https://h.example/a\"b\\c\n\t\r\b\f\"}", decoded.Text);
        var at = decoded.Text.IndexOf("https", StringComparison.Ordinal);
        var (start, end) = decoded.ToSource(at, decoded.Text.IndexOf('\n', StringComparison.Ordinal));
        Assert.Equal("https:\\/\\/h.example\\/a\\\"b\\\\c", sent[start..end]);
    }

    [Fact]
    public void A_unicode_escape_is_its_char_in_a_text_and_its_utf8_bytes_in_a_body()
    {
        const string sent = "jane\\u0040example.org caf\\u00e9 \\ud83d\\ude00";

        Assert.Equal("jane@example.org café \U0001F600", JsonEscapes.Decode(sent, bytes: false)!.Text);
        var body = JsonEscapes.Decode(sent, bytes: true)!;
        Assert.Equal("jane@example.org caf\u00c3\u00a9 \u00f0\u009f\u0098\u0080", body.Text);
        var e = body.Text.IndexOf('\u00c3', StringComparison.Ordinal);
        Assert.Equal((sent.IndexOf("\\u00e9", StringComparison.Ordinal), sent.IndexOf("\\u00e9", StringComparison.Ordinal) + 6), body.ToSource(e, e + 1)); // half a character maps to its whole escape
        Assert.Equal((0, 21), body.ToSource(0, 16)); // the address, its '@' escaped
    }

    [Fact]
    public void An_escaped_backslash_never_starts_another_escape_and_broken_escapes_stay_as_sent()
    {
        Assert.Null(JsonEscapes.Decode("\\\\u0040 \\x \\uZZ \\", bytes: false)); // nothing that hides a value
        Assert.Equal("\\u0040 \\x \\uZZ", JsonEscapes.Decode("\\\\u0040 \\x \\uZZ", bytes: false, nested: true)!.Text);
    }

    [Fact]
    public void A_pass_holds_only_the_tokens_with_an_escape_that_hides_a_value_and_the_chars_around_them()
    {
        var prose = string.Concat(Enumerable.Repeat("the test output was fine\\n ", 20));
        var sent = "{\"content\":\"" + prose + "write to jane\\u0040example.org today " + prose + "\"}";
        var decoded = JsonEscapes.Decode(sent, bytes: false)!;

        Assert.True(decoded.Text.Length < 2 + (2 * JsonEscapes.Context) + "jane\\u0040example.org".Length, decoded.Text);
        var at = decoded.Text.IndexOf("jane@", StringComparison.Ordinal);
        var (start, end) = decoded.ToSource(at, at + "jane@example.org".Length);
        Assert.Equal("jane\\u0040example.org", sent[start..end]);
    }

    [Theory]
    [InlineData("{\"url\":\"https:\\/\\/x\"}", false, true)]
    [InlineData("{\"m\":\"a\\u0040b\"}", false, true)]
    [InlineData("{\"m\":\"line\\nnext \\\"quoted\\\" C:\\\\tmp\"}", false, false)]
    [InlineData("{\"m\":\"line\\nnext \\\"quoted\\\" C:\\\\tmp\"}", true, false)]
    [InlineData("{\"m\":\"\\uZZZZ\"}", true, false)]
    [InlineData("{\"m\":\"a\\\\u0040b\"}", false, false)]
    [InlineData("{\"m\":\"a\\\\u0040b\"}", true, true)]
    [InlineData("{\"m\":\"https:\\\\/\\\\/x\"}", true, true)]
    public void A_decoded_pass_is_built_for_slashes_and_unicode_escapes_and_for_those_escaped_again_only_when_asked(string text, bool nested, bool built) =>
        Assert.Equal(built, JsonEscapes.Decode(text, bytes: false, nested: nested) is not null);
}
