using System.Globalization;
using System.Text.Json;

namespace Vibedom.Cli.Rendering;

/// <summary>One network.jsonl object as a readable line: time, verdict, status, method, url, reason.</summary>
internal static class RequestLine
{
    public static string Format(string jsonLine)
    {
        try
        {
            using var document = JsonDocument.Parse(jsonLine);
            var root = document.RootElement;
            var allowed = root.TryGetProperty("allowed", out var a) && a.ValueKind == JsonValueKind.True;
            var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32().ToString(CultureInfo.InvariantCulture) : "-";
            return string.Join(
                "  ",
                Text(root, "timestamp"),
                allowed ? "ALLOW" : "DENY ",
                status.PadLeft(3),
                Text(root, "method").PadRight(7),
                Text(root, "url"),
                Text(root, "reason") is { Length: > 0 } reason ? $"({reason})" : string.Empty).TrimEnd();
        }
        catch (JsonException)
        {
            return jsonLine;
        }
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;
}
