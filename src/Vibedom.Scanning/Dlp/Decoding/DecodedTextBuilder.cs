using System.Text;

namespace Vibedom.Scanning.Dlp.Decoding;

/// <summary>Builds a <see cref="DecodedText"/> from a source, left to right: source chars are copied, escapes replaced.</summary>
internal sealed class DecodedTextBuilder(string source)
{
    private readonly StringBuilder _text = new(source.Length);
    private readonly List<DecodedText.Unit> _units = [];
    private int _copied;

    /// <summary>Whether anything was decoded.</summary>
    public bool Changed { get; private set; }

    /// <summary>Source chars <c>[at, at + length)</c> decode to <paramref name="decoded"/>.</summary>
    public void Replace(int at, int length, ReadOnlySpan<char> decoded)
    {
        CopyTo(at);
        if (decoded.Length == 1 && length == 1)
        {
            _text.Append(decoded[0]); // one for one: the position is the source's, no unit
        }
        else
        {
            _units.Add(new DecodedText.Unit(_text.Length, decoded.Length, at, length));
            _text.Append(decoded);
        }

        _copied = at + length;
        Changed = true;
    }

    /// <summary>The decoded text (null when nothing was decoded), mapped through <paramref name="from"/> when it was decoded itself.</summary>
    public DecodedText? Build(DecodedText? from)
    {
        if (!Changed)
        {
            return null;
        }

        CopyTo(source.Length);
        return new DecodedText(_text.ToString(), _units, from, (from?.Depth ?? 0) + 1);
    }

    private void CopyTo(int at)
    {
        _text.Append(source, _copied, at - _copied);
        _copied = at;
    }
}
