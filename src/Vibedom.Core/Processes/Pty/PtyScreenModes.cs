using System.Text;

namespace Vibedom.Core.Processes.Pty;

/// <summary>
/// Follows the terminal modes the child switches on in the bytes relayed to the user's screen, so that when it
/// ends (or is killed mid-screen) vibedom can hand the user a usable terminal before drawing its own review:
/// leave the alternate screen (only when the child entered it: leaving it otherwise would move the cursor), pop
/// the kitty keyboard modes it pushed, and always show the cursor, reset colours and attributes, and switch off
/// bracketed paste, mouse reporting, focus events and application cursor keys and keypad.
/// </summary>
internal sealed class PtyScreenModes
{
    private const byte Esc = 0x1b;
    private const int MaxParameterBytes = 64;

    private readonly StringBuilder _parameters = new();
    private State _state;
    private int _alternateScreen; // the mode number that entered it (1049, 1047 or 47), or 0
    private int _keyboardPushes;

    private enum State
    {
        Ground,
        Escape,
        Csi,
    }

    public void Observe(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            switch (_state)
            {
                case State.Ground:
                    _state = b == Esc ? State.Escape : State.Ground;
                    break;
                case State.Escape:
                    _state = b == (byte)'[' ? State.Csi : b == Esc ? State.Escape : State.Ground;
                    _parameters.Clear();
                    break;
                default:
                    if (b is >= 0x20 and <= 0x3f)
                    {
                        if (_parameters.Length < MaxParameterBytes)
                        {
                            _parameters.Append((char)b);
                        }
                    }
                    else
                    {
                        if (b is >= 0x40 and <= 0x7e)
                        {
                            Apply(_parameters.ToString(), (char)b);
                        }

                        _state = b == Esc ? State.Escape : State.Ground;
                    }

                    break;
            }
        }
    }

    /// <summary>The bytes that undo what the child left behind (see the class summary).</summary>
    public byte[] ResetSequence()
    {
        var reset = new StringBuilder();
        if (_alternateScreen != 0)
        {
            reset.Append($"\u001b[?{_alternateScreen}l");
        }

        if (_keyboardPushes > 0)
        {
            reset.Append($"\u001b[<{_keyboardPushes}u");
        }

        reset.Append("\u001b[0m\u001b[?25h\u001b[?2004l\u001b[?1000l\u001b[?1002l\u001b[?1003l\u001b[?1005l\u001b[?1006l\u001b[?1015l\u001b[?1004l\u001b[?1l\u001b>");
        return Encoding.ASCII.GetBytes(reset.ToString());
    }

    private void Apply(string parameters, char final)
    {
        if (parameters.StartsWith('?') && final is 'h' or 'l')
        {
            foreach (var mode in parameters[1..].Split(';'))
            {
                if (mode is "1049" or "1047" or "47")
                {
                    _alternateScreen = final == 'h' ? int.Parse(mode, System.Globalization.CultureInfo.InvariantCulture) : 0;
                }
            }
        }
        else if (final == 'u' && parameters.StartsWith('>'))
        {
            _keyboardPushes++;
        }
        else if (final == 'u' && parameters.StartsWith('<'))
        {
            var count = int.TryParse(parameters.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
            _keyboardPushes = Math.Max(0, _keyboardPushes - count);
        }
    }
}
