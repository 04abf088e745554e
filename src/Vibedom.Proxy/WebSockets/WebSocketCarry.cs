namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// What one direction last sent, kept to be scanned again in front of its next message: the last
/// <see cref="Length"/> chars of its text messages (as sent, so a value already replaced is a marker here) and the
/// last <see cref="Length"/> bytes of its binary ones. A value whose first part ends one message and whose rest
/// starts the next is then found whole, and its rest replaced, before the second message leaves. The carried part
/// starts after the last of <paramref name="ignored"/> (the credential sentinels DLP leaves alone) it would hold: a
/// sentinel glued to the next message's first letters would read as a longer key that is not the sentinel.
/// </summary>
internal sealed class WebSocketCarry(IReadOnlyList<string> ignored)
{
    private readonly byte[][] _ignoredBytes = [.. ignored.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>The most chars (text) or bytes (binary) carried; a value longer than this split across messages may pass.</summary>
    public const int Length = 2048;

    public string Text { get; private set; } = string.Empty;

    public byte[] Binary { get; private set; } = [];

    /// <summary>The text stream now ends with <paramref name="sent"/> (sent after <see cref="Text"/>).</summary>
    public void SentText(string sent)
    {
        Append(sent);
        var cut = 0;
        foreach (var value in ignored)
        {
            var at = Text.LastIndexOf(value, StringComparison.Ordinal);
            cut = at < 0 ? cut : Math.Max(cut, at + value.Length);
        }

        Text = cut == 0 ? Text : Text[cut..];
    }

    private void Append(string sent)
    {
        if (sent.Length >= Length)
        {
            Text = Whole(sent[^Length..]);
        }
        else if (Text.Length + sent.Length <= Length)
        {
            Text += sent;
        }
        else
        {
            Text = Whole(string.Concat(Text.AsSpan(Text.Length + sent.Length - Length), sent));
        }
    }

    /// <summary>The binary stream now ends with <paramref name="sent"/>.</summary>
    public void SentBinary(ReadOnlySpan<byte> sent)
    {
        var keep = Math.Min(Length, Binary.Length + sent.Length);
        var next = new byte[keep];
        var fromSent = Math.Min(keep, sent.Length);
        Binary.AsSpan(Binary.Length - (keep - fromSent)).CopyTo(next);
        sent[^fromSent..].CopyTo(next.AsSpan(keep - fromSent));
        var cut = 0;
        foreach (var value in _ignoredBytes)
        {
            var at = next.AsSpan().LastIndexOf(value);
            cut = at < 0 ? cut : Math.Max(cut, at + value.Length);
        }

        Binary = cut == 0 ? next : next[cut..];
    }

    /// <summary>Not starting inside a surrogate pair.</summary>
    private static string Whole(string text) => text.Length > 0 && char.IsLowSurrogate(text[0]) ? text[1..] : text;
}
