using Tomlyn.Syntax;
using Vibedom.Core.Sandbox;
using Vibedom.Proxy.Credentials;

namespace Vibedom.Core.Config;

/// <summary>
/// Reads and validates one <c>[[credentials]]</c> entry: <c>env</c> (a variable name) and <c>hosts</c> (exact names),
/// both required; <c>in</c> (the places of a request the value goes: <c>header</c> by default; <c>path</c>, <c>query</c>,
/// <c>body</c> only when named) and <c>headers</c> (header names added to the authentication headers), optional.
/// </summary>
internal static class CredentialsReader
{
    public static CredentialSetting? Read(TableSyntaxBase table, string path, List<ConfigError> errors)
    {
        string? env = null;
        List<string>? hosts = null;
        var places = CredentialPlaces.Header;
        List<string> headers = [];
        ConfigError? headersAt = null;
        var before = errors.Count;
        foreach (var item in table.Items.OfType<KeyValueSyntax>())
        {
            var key = ConfigLoader.KeyText(item.Key);
            void Error(string problem) => errors.Add(ConfigLoader.At(path, item.Value!.Span, $"credentials.{key}: {problem}"));
            switch (key)
            {
                case "env" when item.Value is StringValueSyntax { Value: { } name }:
                    env = name;
                    if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(name[0]))
                    {
                        Error($"'{name}' is not an environment variable name");
                    }
                    else if (SandboxPolicy.IsReservedVariable(name))
                    {
                        Error($"'{name}' is set by vibedom itself and cannot be a credential");
                    }

                    break;
                case "env":
                    Error("expected a string, the name of a host environment variable, e.g. \"ANTHROPIC_API_KEY\"");
                    break;
                case "hosts" when item.Value is ArraySyntax array && array.Items.All(i => i.Value is StringValueSyntax):
                    hosts = [.. array.Items.Select(i => ((StringValueSyntax)i.Value!).Value ?? string.Empty)];
                    if (hosts.Count == 0)
                    {
                        Error("name at least one host that receives the real value, e.g. [\"api.anthropic.com\"]");
                    }

                    foreach (var problem in hosts.Select(CredentialHosts.Check).OfType<string>())
                    {
                        Error(problem);
                    }

                    hosts = [.. hosts.Select(CredentialHosts.Normalize).Distinct(StringComparer.Ordinal)];
                    break;
                case "hosts":
                    Error("expected an array of host names, e.g. [\"api.anthropic.com\"]");
                    break;
                case "in" when item.Value is ArraySyntax array && array.Items.All(i => i.Value is StringValueSyntax):
                    places = CredentialPlaces.None;
                    var words = array.Items.Select(i => ((StringValueSyntax)i.Value!).Value ?? string.Empty).ToList();
                    foreach (var word in words)
                    {
                        if (CredentialPlaceWords.Parse(word) is { } place)
                        {
                            places |= place;
                        }
                        else
                        {
                            Error($"unknown place '{word}' (known: {CredentialPlaceWords.Known})");
                        }
                    }

                    if (words.Count == 0)
                    {
                        Error("name at least one place, e.g. [\"header\"] (the default)");
                    }

                    break;
                case "in":
                    Error($"expected an array of places ({CredentialPlaceWords.Known}), e.g. [\"header\"] (the default)");
                    break;
                case "headers" when item.Value is ArraySyntax array && array.Items.All(i => i.Value is StringValueSyntax):
                    headers = [.. array.Items.Select(i => ((StringValueSyntax)i.Value!).Value ?? string.Empty)];
                    headersAt = ConfigLoader.At(path, item.Value.Span, string.Empty);
                    foreach (var problem in headers.Select(CredentialHeaders.Check).OfType<string>())
                    {
                        Error(problem);
                    }

                    break;
                case "headers":
                    Error("expected an array of header names, e.g. [\"x-custom-key\"]");
                    break;
                default:
                    errors.Add(ConfigLoader.At(path, item.Key!.Span, ConfigKeys.Unknown("credentials", key)));
                    break;
            }
        }

        if (headersAt is not null && headers.Count > 0 && !places.HasFlag(CredentialPlaces.Header) && errors.Count == before)
        {
            errors.Add(headersAt with { Problem = "credentials.headers: names headers, but 'in' has no \"header\"" });
        }

        var location = ConfigLoader.At(path, table.Span, string.Empty);
        foreach (var (missing, example) in new[] { (env is null, "env = \"ANTHROPIC_API_KEY\""), (hosts is null, "hosts = [\"api.anthropic.com\"]") }.Where(m => m.Item1))
        {
            errors.Add(location with { Problem = $"credentials: missing {example.Split(' ')[0]} (e.g. {example})" });
        }

        return errors.Count == before ? new CredentialSetting(env!, hosts!, location) { In = places, Headers = headers } : null;
    }
}
