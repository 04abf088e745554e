using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vibedom.Proxy.Logging;

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(NetworkLogEntry))]
internal sealed partial class NetworkLogJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Still valid JSON, but '&amp;', '&lt;', '+' and non-ASCII stay readable for grep and tail
    /// (the log is never embedded in HTML).
    /// </summary>
    public static NetworkLogJsonContext Relaxed { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
