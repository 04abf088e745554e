using System.Text.Json.Serialization;

namespace Vibedom.Proxy.Logging;

/// <summary>What DLP replaced: rule id, where (header name or body), count, first 12 hex of SHA-256 of the value.</summary>
public sealed record ScrubbedItem(
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("where")] string Where,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("hash")] string Hash);
