namespace Vibedom.Proxy.Logging;

/// <summary>
/// The redacted fields of recent audit lines, by their text before redaction: an exchange's forwarding line and its
/// final line, and the many requests an agent sends to the same URL (query values are already replaced), redact
/// their text once. An entry holds only for the redactor and the number of known values it was made under (values are
/// only ever added, so the count names the set; read it before redacting): when either changes (the pre-flight adds
/// known values, the user's rules load) the text is redacted again.
/// Bounded: at <see cref="Capacity"/> entries the memo starts over, so distinct URLs cost memory only up to that.
/// </summary>
internal sealed class RedactionMemo
{
    public const int Capacity = 1024;

    /// <summary>Text longer than this is redacted each time (a long URL is rarely sent twice).</summary>
    public const int MaxKeyLength = 2048;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, RedactedFields> _fields = new(StringComparer.Ordinal);
    private object? _redactor;
    private int _knownCount;

    /// <summary>The fields remembered for <paramref name="text"/> under this redactor and known-value count, else null.</summary>
    public RedactedFields? Find(string text, object redactor, int knownCount)
    {
        lock (_gate)
        {
            return ReferenceEquals(_redactor, redactor) && _knownCount == knownCount && _fields.TryGetValue(text, out var fields) ? fields : null;
        }
    }

    public void Remember(string text, object redactor, int knownCount, RedactedFields fields)
    {
        if (text.Length > MaxKeyLength)
        {
            return;
        }

        lock (_gate)
        {
            if (!ReferenceEquals(_redactor, redactor) || _knownCount != knownCount || _fields.Count >= Capacity)
            {
                _fields.Clear();
                _redactor = redactor;
                _knownCount = knownCount;
            }

            _fields[text] = fields;
        }
    }
}
