using System.Text.Json.Serialization;

namespace Vibedom.Core.Workspace.Apply;

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Journal))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
