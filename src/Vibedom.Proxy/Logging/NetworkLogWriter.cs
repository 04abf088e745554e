using System.Text.Json;

namespace Vibedom.Proxy.Logging;

/// <summary>
/// Writes a <see cref="NetworkLogEntry"/> as <see cref="NetworkLogEntry.ToJson"/> does, byte for byte, straight into a
/// <see cref="Utf8JsonWriter"/> (made with <see cref="Options"/>): field by field with encoded names, where the
/// serializer, its relaxed encoder ruling out the source generator's fast path, walked its metadata (about 4% of the
/// proxy's CPU on small requests, two lines a request). <c>NetworkLogTests</c> holds the two to the same bytes.
/// </summary>
internal static class NetworkLogWriter
{
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText Method = JsonEncodedText.Encode("method");
    private static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");
    private static readonly JsonEncodedText Host = JsonEncodedText.Encode("host");
    private static readonly JsonEncodedText Port = JsonEncodedText.Encode("port");
    private static readonly JsonEncodedText Allowed = JsonEncodedText.Encode("allowed");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText BytesOut = JsonEncodedText.Encode("bytes_out");
    private static readonly JsonEncodedText BytesIn = JsonEncodedText.Encode("bytes_in");
    private static readonly JsonEncodedText DurationMs = JsonEncodedText.Encode("duration_ms");
    private static readonly JsonEncodedText Tls = JsonEncodedText.Encode("tls");
    private static readonly JsonEncodedText Scrubbed = JsonEncodedText.Encode("scrubbed");
    private static readonly JsonEncodedText Phase = JsonEncodedText.Encode("phase");
    private static readonly JsonEncodedText Repeated = JsonEncodedText.Encode("repeated");
    private static readonly JsonEncodedText Rule = JsonEncodedText.Encode("rule");
    private static readonly JsonEncodedText Where = JsonEncodedText.Encode("where");
    private static readonly JsonEncodedText Count = JsonEncodedText.Encode("count");
    private static readonly JsonEncodedText Hash = JsonEncodedText.Encode("hash");

    /// <summary>The writer's options: the relaxed encoder of <see cref="NetworkLogJsonContext.Relaxed"/>, no indentation.</summary>
    public static JsonWriterOptions Options { get; } = new() { Encoder = NetworkLogJsonContext.Relaxed.Options.Encoder };

    public static void Write(Utf8JsonWriter writer, NetworkLogEntry entry)
    {
        writer.WriteStartObject();
        WriteString(writer, Timestamp, entry.Timestamp);
        WriteString(writer, Method, entry.Method);
        WriteString(writer, Url, entry.Url);
        WriteString(writer, Host, entry.Host);
        writer.WriteNumber(Port, entry.Port);
        writer.WriteBoolean(Allowed, entry.Allowed);
        WriteString(writer, Reason, entry.Reason);
        writer.WriteNumber(Status, entry.Status);
        writer.WriteNumber(BytesOut, entry.BytesOut);
        writer.WriteNumber(BytesIn, entry.BytesIn);
        writer.WriteNumber(DurationMs, entry.DurationMs);
        WriteString(writer, Tls, entry.Tls);
        if (entry.Scrubbed is { } scrubbed)
        {
            writer.WriteStartArray(Scrubbed);
            foreach (var item in scrubbed)
            {
                writer.WriteStartObject();
                WriteString(writer, Rule, item.Rule);
                WriteString(writer, Where, item.Where);
                writer.WriteNumber(Count, item.Count);
                WriteString(writer, Hash, item.Hash);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNull(Scrubbed);
        }

        if (entry.Phase is { } phase)
        {
            writer.WriteString(Phase, phase);
        }

        if (entry.Repeated is { } repeated)
        {
            writer.WriteNumber(Repeated, repeated);
        }

        writer.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
