using System.Collections.Concurrent;

namespace Vibedom.Proxy.Dlp;

/// <summary>
/// Header names and values and URL parts an engine (one instance per engine) found nothing in: an agent sends the same
/// few (its user agent, content type, endpoint, the credential sentinel) on every request, a host answers with the same
/// few headers, and each was a full scan of every rule, PII detector and decoding. The engine is built once per session with fixed rules and exact values, so a text
/// clean once is clean again; a text with any hit is never remembered (its hits are recorded every time).
/// Bounded: at <see cref="Capacity"/> texts it starts over, so distinct texts cost memory only up to that.
/// </summary>
internal sealed class CleanTexts
{
    public const int Capacity = 512;

    /// <summary>A longer text is scanned each time.</summary>
    public const int MaxLength = 1024;

    private readonly ConcurrentDictionary<string, byte> _texts = new(StringComparer.Ordinal);

    public bool Contains(string text) => text.Length <= MaxLength && _texts.ContainsKey(text);

    /// <summary>Call only for a text the engine found nothing in.</summary>
    public void Add(string text)
    {
        if (text.Length > MaxLength)
        {
            return;
        }

        if (_texts.Count >= Capacity)
        {
            _texts.Clear();
        }

        _texts.TryAdd(text, 0);
    }
}
