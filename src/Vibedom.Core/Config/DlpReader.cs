using Tomlyn.Syntax;
using Vibedom.Proxy.Dlp;

namespace Vibedom.Core.Config;

/// <summary>Reads and validates [dlp]: secrets and pii (scrub | block | log | off), responses (scrub | log | off), websockets (relay | refuse).</summary>
internal static class DlpReader
{
    private static readonly string[] RequestModes = ["scrub", "block", "log", "off"];
    private static readonly string[] ResponseModes = ["scrub", "log", "off"];
    private static readonly string[] WebSocketModes = ["relay", "refuse"];

    public static DlpSettings Read(TableSyntaxBase table, string path, List<ConfigError> errors)
    {
        var settings = new DlpSettings();
        foreach (var item in table.Items.OfType<KeyValueSyntax>())
        {
            var key = ConfigLoader.KeyText(item.Key);
            switch (key)
            {
                case "secrets" when Word(item, key, RequestModes, path, errors) is { } word:
                    settings = settings with { Secrets = Enum.Parse<DlpMode>(word, ignoreCase: true) };
                    break;
                case "pii" when Word(item, key, RequestModes, path, errors) is { } word:
                    settings = settings with { Pii = Enum.Parse<DlpMode>(word, ignoreCase: true) };
                    break;
                case "responses" when Word(item, key, ResponseModes, path, errors) is { } word:
                    settings = settings with { Responses = Enum.Parse<DlpResponseMode>(word, ignoreCase: true) };
                    break;
                case "websockets" when Word(item, key, WebSocketModes, path, errors) is { } word:
                    settings = settings with { WebSockets = Enum.Parse<Vibedom.Proxy.WebSockets.WebSocketMode>(word, ignoreCase: true) };
                    break;
                case "secrets" or "pii" or "responses" or "websockets":
                    break; // reported by Word
                default:
                    errors.Add(ConfigLoader.At(path, item.Key!.Span, ConfigKeys.Unknown("dlp", key)));
                    break;
            }
        }

        return settings;
    }

    /// <summary>The value when it is one of <paramref name="allowed"/> (exactly, lower case); else an error and null.</summary>
    private static string? Word(KeyValueSyntax item, string key, string[] allowed, string path, List<ConfigError> errors)
    {
        if (item.Value is StringValueSyntax { Value: { } value } && allowed.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        var given = item.Value is StringValueSyntax s ? $"'{s.Value}'" : "a non-string value";
        errors.Add(ConfigLoader.At(path, item.Value!.Span, $"dlp.{key}: {given} is not one of: {string.Join(" | ", allowed)}"));
        return null;
    }
}
