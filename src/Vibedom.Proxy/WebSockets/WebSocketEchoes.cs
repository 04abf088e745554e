using Vibedom.Proxy.Credentials;

namespace Vibedom.Proxy.WebSockets;

/// <summary>
/// The swap-back of a bound host's real credential into its sentinel for a value split across messages toward the
/// client, on the upstream's own bytes, before DLP: each message is matched behind the raw tail of the one before
/// (so the rest of a value that began there is swapped), and a message that ends in a proper prefix of a real value
/// (past what it shares with its sentinel), at least <see cref="MinPiece"/> bytes of it, has that prefix swapped at once
/// (same length), so the agent never sees a piece of the real value longer than that. A value whole inside one message is left to the swap after DLP, as in an HTTP response
/// (<see cref="WebSocketMessageFilter"/>). The pieces cannot wait for DLP: it could redact the first piece (a partial
/// key looks like a key) and leave nothing to know the rest by.
/// </summary>
internal sealed class WebSocketEchoes(Replacements returning)
{
    /// <summary>
    /// The shortest prefix of a real value swapped at a message's end: any message ending in the value's first byte
    /// had that byte changed (a value with no known prefix, whose sentinel differs from its first char: one message in
    /// a few dozen corrupted); a value split after fewer bytes shows the agent those first bytes (at most 5 of 20 or more).
    /// </summary>
    public const int MinPiece = 6;

    private byte[] _tail = [];

    /// <summary>Swaps, in place, the pieces of split values in <paramref name="payload"/>; returns how many values were completed (a value split across two counts once, in the second).</summary>
    public int SwapPieces(Span<byte> payload)
    {
        var whole = new byte[_tail.Length + payload.Length];
        _tail.CopyTo(whole, 0);
        payload.CopyTo(whole.AsSpan(_tail.Length));
        var raw = whole.AsSpan(Math.Max(0, whole.Length - (returning.MaxLength - 1))).ToArray();

        var (count, end) = returning.ReplaceAcross(whole, _tail.Length);
        var hold = returning.HoldFrom(whole, end);
        if (whole.Length - hold >= MinPiece)
        {
            // a prefix of a real value ends the message: swapped now (its rest, if it comes, is swapped in the next)
            returning.ReplacePrefix(whole.AsSpan(hold));
        }

        whole.AsSpan(_tail.Length).CopyTo(payload);
        _tail = raw;
        return count;
    }
}
