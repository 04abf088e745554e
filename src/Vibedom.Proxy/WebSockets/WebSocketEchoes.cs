using Vibedom.Proxy.Credentials;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// The swap-back of a bound host's real credential into its sentinel in the messages toward the client, across
/// message boundaries: each message is matched behind the raw tail of the one before (so the rest of a value split
/// across two is swapped), and a message that ends in a proper prefix of a real value (past what it shares with its
/// sentinel) has that prefix swapped at once (same length), so the agent never sees a piece of the real value.
/// </summary>
internal sealed class WebSocketEchoes(Replacements returning)
{
    private byte[] _tail = [];

    /// <summary>Swaps, in place, in <paramref name="payload"/>; returns how many values were swapped (a value split across two counts once, in the second).</summary>
    public int Apply(Span<byte> payload)
    {
        var whole = new byte[_tail.Length + payload.Length];
        _tail.CopyTo(whole, 0);
        payload.CopyTo(whole.AsSpan(_tail.Length));
        var raw = whole.AsSpan(Math.Max(0, whole.Length - (returning.MaxLength - 1))).ToArray();

        var inTail = _tail.Length == 0 ? 0 : returning.ReplaceAll((byte[])_tail.Clone(), 0).Count;
        var (count, end) = returning.ReplaceAll(whole, 0);
        var hold = returning.HoldFrom(whole, end);
        if (hold < whole.Length)
        {
            // a prefix of a real value ends the message: swapped now (its rest, if it comes, is swapped in the next)
            returning.ReplacePrefix(whole.AsSpan(hold));
        }

        whole.AsSpan(_tail.Length).CopyTo(payload);
        _tail = raw;
        return count - inTail;
    }
}
