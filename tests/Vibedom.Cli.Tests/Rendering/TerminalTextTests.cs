using System.Text.Json;
using Vibedom.Cli.Rendering;
using Xunit;

namespace Vibedom.Cli.Tests.Rendering;

public sealed class TerminalTextTests
{
    /// <summary>What a terminal acts on: C0 (but LF and TAB where allowed), DEL, C1, bidi and other format characters, line separators.</summary>
    public static bool HasRawControl(string text, bool allowTab = false) => text.Any(c =>
        (c < ' ' && c != '\n' && !(allowTab && c == '\t')) || c is >= '\u007f' and <= '\u009f' or '\u2028' or '\u2029' ||
        System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);

    public sealed class Escape
    {
        [Theory]
        [InlineData("a\u001b[2Jb", "a\\x1b[2Jb")]
        [InlineData("\u001b]52;c;ZXZpbA==\u0007", "\\x1b]52;c;ZXZpbA==\\x07")]
        [InlineData("ok\rEVIL", "ok\\rEVIL")]
        [InlineData("ab\b\bcd", "ab\\x08\\x08cd")]
        [InlineData("line\nnext", "line\\nnext")]
        [InlineData("tab\there", "tab\\there")]
        [InlineData("x\u007fy", "x\\x7fy")]
        [InlineData("csi\u009b2J", "csi\\u009b2J")]
        [InlineData("txt.\u202eexe.sh", "txt.\\u202eexe.sh")]
        [InlineData("\u2066iso\u2069", "\\u2066iso\\u2069")]
        [InlineData("zero\u200bwidth", "zero\\u200bwidth")]
        [InlineData("para\u2029graph", "para\\u2029graph")]
        [InlineData("back\\slash", "back\\\\slash")]
        public void Should_make_every_control_visible(string raw, string shown)
        {
            var escaped = TerminalText.Escape(raw);

            Assert.Equal(shown, escaped);
            Assert.False(HasRawControl(escaped));
        }

        [Fact]
        public void Keeps_ordinary_text_and_other_scripts_as_they_are()
        {
            const string text = "src/main.c naïve 日本語 émoji 😀 a-b_c.d [x]";
            Assert.Same(text, TerminalText.Escape(text));
        }

        [Fact]
        public void Escapes_invisible_tag_characters_beyond_the_basic_plane()
        {
            var smuggled = "run" + char.ConvertFromUtf32(0xE0041) + char.ConvertFromUtf32(0xE0042);
            Assert.False(HasRawControl(TerminalText.Escape(smuggled)));
            Assert.StartsWith("run\\u", TerminalText.Escape(smuggled), StringComparison.Ordinal);
        }

        [Fact]
        public void Escapes_half_a_surrogate_pair() => Assert.Equal("a\\ud800b", TerminalText.Escape("a\ud800b"));

        [Fact]
        public void Never_prints_two_different_names_alike()
        {
            // a name that spells an escape cannot pass for the name that holds the character
            Assert.NotEqual(TerminalText.Escape("a\u001bb"), TerminalText.Escape("a\\x1bb"));
            Assert.NotEqual(TerminalText.Escape("a\tb"), TerminalText.Escape("a\\tb"));
            Assert.NotEqual(TerminalText.Escape(".git\u200b/hooks/x"), TerminalText.Escape(".git/hooks/x"));
        }

        [Fact]
        public void Escapes_markup_too_when_the_text_goes_into_spectre_markup()
        {
            var markup = TerminalText.Markup("[red]x[/]\u001b[1m");
            Assert.Equal("[[red]]x[[/]]\\x1b[[1m", markup);
        }
    }

    public sealed class EscapeContent
    {
        [Fact]
        public void Keeps_tabs_a_final_CR_and_backslashes_of_source_code()
        {
            const string line = "\tprintf(\"%s\\n\", x);\r";
            Assert.Same(line, TerminalText.EscapeContent(line));
            Assert.False(TerminalText.NeedsContentEscape(line));
        }

        [Fact]
        public void Escapes_a_CR_that_could_overwrite_the_line()
        {
            Assert.Equal("good\\rEVIL\r", TerminalText.EscapeContent("good\rEVIL\r"));
            Assert.True(TerminalText.NeedsContentEscape("good\rEVIL"));
        }

        [Fact]
        public void Escapes_escape_sequences_and_bidi_in_content() =>
            Assert.Equal("x = 1; \\x1b]52;c;AAAA\\x07 // \\u202e }", TerminalText.EscapeContent("x = 1; \u001b]52;c;AAAA\u0007 // \u202e }"));
    }

    public sealed class EscapeJson
    {
        [Fact]
        public void Keeps_the_same_json_value_without_any_raw_control()
        {
            var value = "url?\u202e\u0085\u2028x\\\"y";
            var line = JsonSerializer.Serialize(new Dictionary<string, string> { ["url"] = value }, JsonLines.Options);

            var escaped = TerminalText.EscapeJson(line);

            Assert.False(HasRawControl(escaped));
            Assert.Equal(value, JsonDocument.Parse(escaped).RootElement.GetProperty("url").GetString());
        }

        [Fact]
        public void Keeps_an_indented_documents_line_breaks_and_value()
        {
            var value = "a\u001b[2Jb\u202ec";
            var document = JsonSerializer.Serialize(new Dictionary<string, string> { ["path"] = value }, new JsonSerializerOptions(JsonLines.Options) { WriteIndented = true });

            var escaped = TerminalText.EscapeJsonDocument(document);

            Assert.Equal(document.Split('\n').Length, escaped.Split('\n').Length);
            Assert.False(HasRawControl(escaped.Replace("\n", string.Empty, StringComparison.Ordinal)));
            Assert.Equal(value, JsonDocument.Parse(escaped).RootElement.GetProperty("path").GetString());
        }
    }

    private static class JsonLines
    {
        public static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }
}
