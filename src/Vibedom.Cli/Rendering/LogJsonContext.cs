using System.Text.Json.Serialization;

namespace Vibedom.Cli.Rendering;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SessionLogLine))]
internal sealed partial class LogJsonContext : JsonSerializerContext;
