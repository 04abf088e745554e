using Vibedom.Scanning.Dlp.Decoding;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp.Decoding;

/// <summary>Form-encoding decoded as a receiver reads it: '+' a space, %XX a byte; ranges map back to what was sent.</summary>
public sealed class FormDecodingTests
{
    [Fact]
    public void A_plus_is_a_space_and_a_percent_escape_its_byte_mapped_back_to_the_encoded_span()
    {
        const string sent = "key=-----BEGIN+OPENSSH+PRIVATE+KEY-----%0Aabc%2Fd&mail=jane%40example.org";
        var decoded = FormDecoding.Decode(sent, bytes: true)!;

        Assert.Equal("key=-----BEGIN OPENSSH PRIVATE KEY-----\nabc/d&mail=jane@example.org", decoded.Text);
        var mail = decoded.Text.IndexOf("jane", StringComparison.Ordinal);
        var (start, end) = decoded.ToSource(mail, decoded.Text.Length);
        Assert.Equal("jane%40example.org", sent[start..end]);
        Assert.Equal((4, 34), decoded.ToSource(4, 34)); // before any %XX, positions are the source's ('+' is one for one)
    }

    [Fact]
    public void In_a_body_every_byte_decodes_in_a_text_only_an_ascii_one()
    {
        const string sent = "caf%C3%A9+%41";

        Assert.Equal("caf\u00c3\u00a9 A", FormDecoding.Decode(sent, bytes: true)!.Text);
        Assert.Equal("caf%C3%A9 A", FormDecoding.Decode(sent, bytes: false)!.Text);
    }

    [Fact]
    public void A_value_percent_encoded_twice_needs_two_passes_and_each_maps_back()
    {
        const string sent = "a=x%2540y";
        var once = FormDecoding.Decode(sent, bytes: false)!;
        var twice = FormDecoding.Decode(once.Text, bytes: false, from: once)!;

        Assert.Equal("a=x@y", twice.Text);
        Assert.Equal(2, twice.Depth);
        Assert.Equal((3, 8), twice.ToSource(3, 4)); // '@' is the whole %2540
    }

    [Fact]
    public void A_pass_holds_only_the_runs_with_something_to_decode_and_the_context_around_them()
    {
        const string sent = "for (i = 0; i < n; i++) total = a+b; // C++ and 100% sure";
        var decoded = FormDecoding.Decode(sent, bytes: false, context: 0)!;

        Assert.Equal("\nl = a b; // \n", FormDecoding.Decode(sent, bytes: false, context: 4)!.Text);
        Assert.Equal("\na b;\n", decoded.Text);
        Assert.Equal("a+b", sent[decoded.ToSource(1, 4).Start..decoded.ToSource(1, 4).End]);
    }

    [Theory]
    [InlineData("a=hello+world", true)]
    [InlineData("mail=jane%40example.org", true)]
    [InlineData("(a, b) => a + b", false)]
    [InlineData("for (i = 0; i < n; i++) in C++", false)]
    [InlineData("100% sure, 50%off", false)]
    [InlineData("+1 at the start", false)]
    public void A_decoded_pass_is_built_for_a_plus_between_letters_or_a_percent_escape(string text, bool built) =>
        Assert.Equal(built, FormDecoding.Decode(text, bytes: false) is not null);
}
