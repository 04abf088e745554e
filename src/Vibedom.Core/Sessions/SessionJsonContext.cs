using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vibedom.Core.Sessions;

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SessionRecord))]
internal sealed partial class SessionJsonContext : JsonSerializerContext
{
    public static SessionRecord? Read(string json) => JsonSerializer.Deserialize(json, Default.SessionRecord);

    public static string Write(SessionRecord record) => JsonSerializer.Serialize(record, Default.SessionRecord);
}
