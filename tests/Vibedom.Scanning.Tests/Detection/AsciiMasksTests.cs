using Vibedom.Scanning.Detection;
using Xunit;

namespace Vibedom.Scanning.Tests.Detection;

/// <summary>
/// The 16-char class masks the body scans step with hold exactly the ASCII chars of each class: a char outside ASCII,
/// whatever its low byte, is in none (U+0141 must not read as 'A', U+0130 as '0', U+8025 as '%').
/// </summary>
public sealed class AsciiMasksTests
{
    private static uint Expected(string text, int at, Func<char, bool> inClass)
    {
        var mask = 0u;
        for (var j = 0; j < AsciiMasks.Width; j++)
        {
            mask |= inClass(text[at + j]) ? 1u << j : 0;
        }

        return mask;
    }

    [Fact]
    public void Every_mask_holds_only_the_ascii_chars_of_its_class_whatever_the_low_byte_of_a_wider_char()
    {
        var random = new Random(2812);
        // ASCII, Latin-1's upper half, chars whose low byte is an ASCII char of some class (below and above U+8000),
        // and chars that saturate to 0x00 or 0xFF
        char[] pool =
        [
            .. "az AZ09_/+-%\\U.:\n\"", '\u00C1', '\u00FF', '\u0080', '\u0141', '\u0130', '\u0125', '\u012D', '\u015C',
            '\u8025', '\u8041', '\u8030', '\u805C', '\uFF21', '\uFF10', '\u0100', '\u7FFF', '\uFFFF', '\u8000',
        ];
        for (var n = 0; n < 3000; n++)
        {
            var text = new string([.. Enumerable.Range(0, 40).Select(_ => pool[random.Next(pool.Length)])]);
            var at = random.Next(0, text.Length - AsciiMasks.Width + 1);
            Assert.Equal(Expected(text, at, char.IsAsciiDigit), AsciiMasks.Digits(text, at));
            Assert.Equal(Expected(text, at, char.IsAsciiLetter), AsciiMasks.Letters(text, at));
            Assert.Equal(Expected(text, at, c => char.IsAsciiLetterOrDigit(c) || c is '_' or '/' or '+' or '-'), AsciiMasks.RunChars(text, at));
            Assert.Equal(Expected(text, at, c => c == '%'), AsciiMasks.Equal(text, at, '%'));
            Assert.Equal(Expected(text, at, c => c is '%' or '\\' or 'U'), AsciiMasks.EqualAny(text, at, '%', '\\', 'U'));
        }
    }
}
