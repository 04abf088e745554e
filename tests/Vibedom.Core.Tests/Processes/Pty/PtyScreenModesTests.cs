using System.Text;
using Vibedom.Core.Processes.Pty;
using Xunit;

namespace Vibedom.Core.Tests.Processes.Pty;

public sealed class PtyScreenModesTests
{
    private static string ResetAfter(params string[] chunks)
    {
        var modes = new PtyScreenModes();
        foreach (var chunk in chunks)
        {
            modes.Observe(Encoding.ASCII.GetBytes(chunk));
        }

        return Encoding.ASCII.GetString(modes.ResetSequence());
    }

    [Fact]
    public void Reset_sequence_alternate_screen_entered_across_chunks_leaves_it_first()
    {
        var reset = ResetAfter("hello \u001b[?10", "49h", "\u001b[?25l");

        Assert.StartsWith("\u001b[?1049l", reset, StringComparison.Ordinal);
        Assert.Contains("\u001b[?25h", reset, StringComparison.Ordinal);
        Assert.Contains("\u001b[0m", reset, StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_sequence_alternate_screen_left_again_does_not_leave_it_twice()
    {
        Assert.DoesNotContain("1049", ResetAfter("\u001b[?1049h text \u001b[?1049l"), StringComparison.Ordinal);
        Assert.DoesNotContain("1049", ResetAfter("plain output"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_sequence_kitty_keyboard_pushes_are_popped()
    {
        Assert.StartsWith("\u001b[<2u", ResetAfter("\u001b[>1u", "\u001b[>3u", "\u001b[>5u\u001b[<u"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_sequence_always_shows_cursor_and_switches_off_paste_and_mouse()
    {
        var reset = ResetAfter();

        foreach (var mode in new[] { "\u001b[?25h", "\u001b[?2004l", "\u001b[?1000l", "\u001b[?1006l", "\u001b[?1l" })
        {
            Assert.Contains(mode, reset, StringComparison.Ordinal);
        }
    }
}
