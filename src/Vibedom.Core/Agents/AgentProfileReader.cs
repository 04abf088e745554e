using System.Text.Json;
using System.Text.Json.Nodes;
using Tomlyn.Syntax;
using Vibedom.Core.Config;
using Vibedom.Core.Sandbox;
using Vibedom.Proxy;
using Vibedom.Proxy.Credentials;
using Vibedom.Proxy.Policy;

namespace Vibedom.Core.Agents;

/// <summary>
/// Reads the keys of one <c>[agents.NAME]</c> table (or of a sub-table such as <c>[agents.NAME.env]</c>, or an inline
/// table) into an <see cref="AgentProfileTable"/>, every problem reported as <c>file(line,col): problem</c>. The same
/// schema for the built-in files and config.toml. Unknown keys are errors.
/// </summary>
internal static class AgentProfileReader
{
    public const string Known = "commands, hosts, optional_hosts.<switch>, enable, env.<NAME>, credential, state, seed.\"~/<file>\", review_ignore";

    /// <summary>Reads <paramref name="items"/> (keys relative to <paramref name="prefix"/>, e.g. <c>env.</c>) over <paramref name="table"/>.</summary>
    public static AgentProfileTable Read(AgentProfileTable table, string prefix, IEnumerable<KeyValueSyntax> items, string path, List<ConfigError> errors)
    {
        foreach (var (key, item) in Flatten(prefix, items))
        {
            table = ReadKey(table, key, item, path, errors);
        }

        return table;
    }

    private static IEnumerable<(string Key, KeyValueSyntax Item)> Flatten(string prefix, IEnumerable<KeyValueSyntax> items)
    {
        foreach (var item in items)
        {
            var key = prefix + ConfigLoader.KeyText(item.Key);
            if (item.Value is InlineTableSyntax inline && key is not "credential")
            {
                foreach (var inner in Flatten(key + ".", inline.Items.Select(i => i.KeyValue).OfType<KeyValueSyntax>()))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return (key, item);
            }
        }
    }

    private static AgentProfileTable ReadKey(AgentProfileTable table, string key, KeyValueSyntax item, string path, List<ConfigError> errors)
    {
        var name = table.Name;
        void Error(string problem) => errors.Add(ConfigLoader.At(path, (item.Value ?? (SyntaxNode)item).Span, $"agents.{name}.{key}: {problem}"));
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        var (head, tail) = dot < 0 ? (key, string.Empty) : (key[..dot], key[(dot + 1)..]);
        switch (head)
        {
            case "commands" when tail.Length == 0:
                var commands = Strings(item, Error);
                foreach (var bad in commands?.Where(c => c.Length == 0 || c.Contains('/', StringComparison.Ordinal)) ?? [])
                {
                    Error($"'{bad}' is not a command name (the base name of the program, e.g. \"claude\")");
                }

                return commands is null ? table : table with { Commands = commands };
            case "hosts" when tail.Length == 0:
                var hosts = Strings(item, Error);
                CheckHosts(hosts, Error);
                return hosts is null ? table : table with { Hosts = hosts };
            case "optional_hosts" when tail.Length > 0 && !tail.Contains('.', StringComparison.Ordinal):
                var optional = Strings(item, Error);
                CheckHosts(optional, Error);
                return optional is null ? table : table with { OptionalHosts = With(table.OptionalHosts, tail, (IReadOnlyList<string>)optional) };
            case "enable" when tail.Length == 0:
                return Strings(item, Error) is { } enable ? table with { Enable = enable } : table;
            case "env" when tail.Length > 0:
                if (!IsVariableName(tail))
                {
                    Error($"'{tail}' is not an environment variable name");
                }
                else if (SandboxPolicy.IsReservedVariable(tail))
                {
                    Error($"'{tail}' is set by vibedom itself and cannot be set by a profile");
                }
                else if (item.Value is StringValueSyntax { Value: { } value })
                {
                    return table with { Env = With(table.Env, tail, value) };
                }
                else
                {
                    Error("expected a string");
                }

                return table;
            case "credential" when tail.Length == 0:
                return ReadCredential(item, Error) is { } credential ? table with { Credential = credential } : table;
            case "state" when tail.Length == 0:
                var state = Strings(item, Error);
                foreach (var bad in state?.Where(s => StateProblem(s) is not null) ?? [])
                {
                    Error($"'{bad}': {StateProblem(bad)}");
                }

                return state is null ? table : table with { State = state };
            case "seed" when tail.Length > 0:
                if (item.Value is not StringValueSyntax { Value: { } json })
                {
                    Error("expected a string holding a JSON object (TOML key = value lines for a .toml file)");
                }
                else if ((StateProblem(tail) ?? (AgentProfile.IsFolder(tail) ? "a seed is merged into a file, not a folder" : null)) is { } problem)
                {
                    Error($"'{tail}': {problem}");
                }
                else if (AgentTomlSeed.Takes(tail) && AgentTomlSeed.Problem(json) is { } toml)
                {
                    Error(toml);
                }
                else if (!AgentTomlSeed.Takes(tail) && !IsJsonObject(json))
                {
                    Error("expected a JSON object, e.g. '{\"hasCompletedOnboarding\": true}'");
                }
                else
                {
                    return table with { Seed = With(table.Seed, tail, json) };
                }

                return table;
            case "review_ignore" when tail.Length == 0:
                var ignore = Strings(item, Error);
                foreach (var bad in ignore?.Where(p => p.Length == 0 || p.StartsWith('/') || p.Split('/').Any(s => s is "." or "..")) ?? [])
                {
                    Error($"'{bad}' must be a path relative to the workspace, e.g. \".git/opencode\"");
                }

                return ignore is null ? table : table with { ReviewIgnore = [.. ignore.Select(p => p.TrimEnd('/'))] };
            default:
                errors.Add(ConfigLoader.At(path, item.Key!.Span, $"unknown key 'agents.{name}.{key}' (known: {Known})"));
                return table;
        }
    }

    private static AgentCredential? ReadCredential(KeyValueSyntax item, Action<string> error)
    {
        if (item.Value is not InlineTableSyntax inline)
        {
            error("expected { env = \"ANTHROPIC_API_KEY\", hosts = [\"api.anthropic.com\"] }");
            return null;
        }

        string? env = null;
        List<string>? hosts = null;
        List<string> fallback = [];
        foreach (var inner in inline.Items.Select(i => i.KeyValue).OfType<KeyValueSyntax>())
        {
            switch (ConfigLoader.KeyText(inner.Key))
            {
                case "env" when inner.Value is StringValueSyntax { Value: { } name } && IsVariableName(name) && !SandboxPolicy.IsReservedVariable(name):
                    env = name;
                    break;
                case "env":
                    error("env: expected the name of a host environment variable vibedom does not set itself, e.g. \"ANTHROPIC_API_KEY\"");
                    break;
                case "hosts":
                    hosts = Strings(inner, error);
                    foreach (var problem in hosts?.Select(CredentialHosts.Check).OfType<string>() ?? [])
                    {
                        error($"hosts: {problem}");
                    }

                    hosts = hosts?.Select(CredentialHosts.Normalize).Distinct(StringComparer.Ordinal).ToList();
                    break;
                case "fallback":
                    fallback = Strings(inner, error) ?? [];
                    foreach (var name in fallback.Where(n => !IsVariableName(n) || SandboxPolicy.IsReservedVariable(n)))
                    {
                        error($"fallback: '{name}' is not the name of a host environment variable vibedom does not set itself, e.g. \"OPENAI_API_KEY\"");
                    }

                    break;
                default:
                    error($"unknown key '{ConfigLoader.KeyText(inner.Key)}' (known: env, hosts, fallback)");
                    break;
            }
        }

        if (env is null || hosts is not { Count: > 0 })
        {
            error("needs both env and at least one host, e.g. { env = \"ANTHROPIC_API_KEY\", hosts = [\"api.anthropic.com\"] }");
            return null;
        }

        return new AgentCredential(env, hosts) { Fallback = [.. fallback.Distinct(StringComparer.Ordinal)] };
    }

    /// <summary>Why a state path is unusable: it must name something under the sandbox HOME, not HOME itself or a shared folder.</summary>
    internal static string? StateProblem(string path)
    {
        if (!path.StartsWith("~/", StringComparison.Ordinal))
        {
            return "must start with ~/ (state lives under the sandbox's HOME)";
        }

        var relative = path[2..].TrimEnd('/');
        if (relative.Length == 0 || relative.Split('/').Any(s => s is "" or "." or ".."))
        {
            return "must name a file or folder under ~/, without '.', '..' or empty parts";
        }

        return SandboxPolicy.SharedHomeFolders.Contains(relative, StringComparer.Ordinal)
            ? $"~/{relative} is shared by many applications: name the agent's own folder in it"
            : null;
    }

    private static void CheckHosts(List<string>? hosts, Action<string> error)
    {
        foreach (var host in hosts ?? [])
        {
            try
            {
                Allowlist.Parse("profile", [host]);
            }
            catch (ProxyConfigurationException e)
            {
                error($"'{host}' is not an allowlist entry ({string.Join("; ", e.Errors.Select(m => m[(m.IndexOf("): ", StringComparison.Ordinal) + 3)..]))})");
            }
        }
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0]);

    private static bool IsJsonObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static IReadOnlyDictionary<string, T> With<T>(IReadOnlyDictionary<string, T>? map, string key, T value) =>
        new Dictionary<string, T>(map ?? new Dictionary<string, T>(), StringComparer.Ordinal) { [key] = value };

    private static List<string>? Strings(KeyValueSyntax item, Action<string> error)
    {
        if (item.Value is ArraySyntax array && array.Items.All(i => i.Value is StringValueSyntax))
        {
            return [.. array.Items.Select(i => ((StringValueSyntax)i.Value!).Value ?? string.Empty)];
        }

        error("expected an array of strings");
        return null;
    }
}
