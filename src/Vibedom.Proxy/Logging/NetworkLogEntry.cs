using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vibedom.Proxy.Logging;

/// <summary>One line of <c>network.jsonl</c> (DESIGN §5). Never holds a header, cookie or secret value.</summary>
public sealed record NetworkLogEntry(
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("allowed")] bool Allowed,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("bytes_out")] long BytesOut,
    [property: JsonPropertyName("bytes_in")] long BytesIn,
    [property: JsonPropertyName("duration_ms")] double DurationMs,
    [property: JsonPropertyName("tls")] string Tls,
    [property: JsonPropertyName("scrubbed")] IReadOnlyList<ScrubbedItem> Scrubbed)
{
    public const string TlsIntercepted = "intercepted";
    public const string TlsTunneled = "tunneled";
    public const string TlsNone = "none";

    /// <summary><see cref="Phase"/> of the line written (and flushed) before a request is forwarded.</summary>
    public const string PhaseForwarding = "forwarding";

    /// <summary>
    /// <see cref="Phase"/> of a line written while a long exchange (a relayed WebSocket) is still open: what DLP found
    /// in its messages since its previous such line (its <c>scrubbed</c> items are those, not totals), its bytes so
    /// far. Same timestamp, method and URL as the exchange; its final line, at close, holds the totals.
    /// </summary>
    public const string PhaseMessages = "messages";

    /// <summary>
    /// Null on the line written when a request ends (one per request, as DESIGN §5 says).
    /// <see cref="PhaseForwarding"/> on the line written before an allowed request is forwarded, so that
    /// nothing leaves without an audit line even if vibedom dies mid-request; it has status 0 and no counts.
    /// </summary>
    [JsonPropertyName("phase")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Phase { get; init; }

    /// <summary>
    /// Null on most lines (one request each). On a refusal's line, how many identical refusals it stands for (at
    /// least 2): the same request refused again and again within seconds (an agent's retry loop) is written once,
    /// then its repeats once with this count and the last one's timestamp (<c>NetworkLog.Repeats</c>).
    /// </summary>
    [JsonPropertyName("repeated")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Repeated { get; init; }

    /// <summary>Serialises to one JSON line (no newline).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, NetworkLogJsonContext.Relaxed.NetworkLogEntry);

    /// <summary>Parses one line; null when it is not a network log entry.</summary>
    public static NetworkLogEntry? TryParse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, NetworkLogJsonContext.Relaxed.NetworkLogEntry);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
