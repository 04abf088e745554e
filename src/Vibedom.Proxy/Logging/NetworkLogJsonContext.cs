using System.Text.Json.Serialization;

namespace Vibedom.Proxy.Logging;

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(NetworkLogEntry))]
internal sealed partial class NetworkLogJsonContext : JsonSerializerContext;
