using System.Text.Json.Serialization;

namespace Vibedom.Cli.Rendering;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<SessionRow>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
