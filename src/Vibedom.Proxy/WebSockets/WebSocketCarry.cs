using System.Text;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// What one direction last sent, kept to be scanned again in front of its next message: the last
/// <see cref="Length"/> bytes of its messages, text and binary alike (as sent, so a value already replaced is a marker
/// here). A value whose first part ends one message and whose rest starts the next (of either kind) is then found
/// whole, and its rest replaced, before the second message leaves. The carried part starts after the last of
/// <paramref name="ignored"/> (the credential sentinels DLP leaves alone) it would hold: a sentinel glued to the next
/// message's first letters would read as a longer key that is not the sentinel.
/// </summary>
internal sealed class WebSocketCarry(IReadOnlyList<string> ignored)
{
    private readonly byte[][] _ignoredBytes = [.. ignored.Select(Encoding.UTF8.GetBytes)];

    /// <summary>The most bytes carried; a value longer than this split across messages may pass.</summary>
    public const int Length = 2048;

    /// <summary>The carried bytes.</summary>
    public byte[] Tail { get; private set; } = [];

    /// <summary>The carried bytes as text, from the first whole character (a binary tail's invalid bytes read as U+FFFD).</summary>
    public string Text
    {
        get
        {
            var start = 0;
            while (start < Tail.Length && start < 3 && (Tail[start] & 0xC0) == 0x80)
            {
                start++;
            }

            return Encoding.UTF8.GetString(Tail.AsSpan(start));
        }
    }

    /// <summary>The stream now ends with <paramref name="sent"/> (sent after <see cref="Tail"/>).</summary>
    public void Sent(ReadOnlySpan<byte> sent)
    {
        var keep = Math.Min(Length, Tail.Length + sent.Length);
        var next = new byte[keep];
        var fromSent = Math.Min(keep, sent.Length);
        Tail.AsSpan(Tail.Length - (keep - fromSent)).CopyTo(next);
        sent[^fromSent..].CopyTo(next.AsSpan(keep - fromSent));
        var cut = 0;
        foreach (var value in _ignoredBytes)
        {
            var at = next.AsSpan().LastIndexOf(value);
            cut = at < 0 ? cut : Math.Max(cut, at + value.Length);
        }

        Tail = cut == 0 ? next : next[cut..];
    }
}
