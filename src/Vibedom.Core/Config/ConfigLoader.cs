using System.Net;
using System.Text;
using Tomlyn.Parsing;
using Tomlyn.Syntax;
using Vibedom.Core.Agents;
using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox;

namespace Vibedom.Core.Config;

/// <summary>
/// Reads config.toml into <see cref="VibedomConfig"/>. Runs every check and reports every error
/// with its location; nothing starts on an invalid config. Unknown keys are errors (typos must not
/// silently fall back to defaults).
/// </summary>
public static class ConfigLoader
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Loads <paramref name="path"/>; a missing file means defaults.</summary>
    public static VibedomConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            return VibedomConfig.Default;
        }

        string text;
        try
        {
            text = Strict.GetString(File.ReadAllBytes(path)).TrimStart('\uFEFF');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw VibedomException.Config($"{path}: cannot read: {e.Message}");
        }
        catch (DecoderFallbackException)
        {
            text = "\0";
        }

        // binary garbage would otherwise be a screenful of parser errors about each byte
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw VibedomException.Config($"{path}: not a text file (TOML must be UTF-8 text); fix it, or move it away and run 'vibedom init' for a fresh one");
        }

        var (config, errors) = Parse(text, path);
        if (errors.Count > 0)
        {
            throw VibedomException.Config([.. errors.Select(e => e.ToString())]);
        }

        return config;
    }

    /// <summary>Parses without throwing: the config (defaults where invalid) and every error found.</summary>
    public static (VibedomConfig Config, IReadOnlyList<ConfigError> Errors) Parse(string text, string path)
    {
        var errors = new List<ConfigError>();
        var document = SyntaxParser.Parse(text, path);
        var lastLine = -2;
        foreach (var diagnostic in document.Diagnostics.Where(d => d.Kind == DiagnosticMessageKind.Error))
        {
            // the parser goes on after an error and trips over what follows it ("[run" then "command = ..." made four
            // errors of one missing ']'): an error on the line of the one before it, or the next line, is left out
            var line = diagnostic.Span.Start.Line;
            if (line > lastLine + 1)
            {
                errors.Add(At(path, diagnostic.Span, TomlDiagnostic.Describe(diagnostic.Message)));
            }

            lastLine = line;
        }

        if (errors.Count > 0)
        {
            return (VibedomConfig.Default with { SourceFile = path }, errors);
        }

        var reader = new Reader(path, errors);
        var config = new VibedomConfig { SourceFile = path };
        foreach (var key in document.KeyValues.Select(k => k.Key).OfType<KeySyntax>())
        {
            errors.Add(At(path, key.Span, ConfigKeys.UnknownAtTop(KeyText(key))));
        }

        foreach (var table in document.Tables)
        {
            var name = KeyText(table.Name);
            switch (name)
            {
                case "run" when table is TableSyntax:
                    config = reader.ReadRun(table, config);
                    break;
                case "network" when table is TableSyntax:
                    config = reader.ReadNetwork(table, config);
                    break;
                case "network.hosts" when table is TableSyntax:
                    config = config with { HostOverrides = reader.ReadHosts(table) };
                    break;
                case "limits" when table is TableSyntax:
                    config = config with { Limits = LimitsReader.Read(table, path, errors) };
                    break;
                case "dlp" when table is TableSyntax:
                    config = config with { Dlp = DlpReader.Read(table, path, errors) };
                    break;
                case "credentials" when table is TableArraySyntax:
                    config = CredentialsReader.Read(table, path, errors) is { } credential ? config with { Credentials = [.. config.Credentials, credential] } : config;
                    break;
                case "credentials":
                    errors.Add(At(path, table.Name!.Span, "credentials: one entry per variable, written [[credentials]] (an array of tables)"));
                    break;
                case "agents" or ['a', 'g', 'e', 'n', 't', 's', '.', ..] when table is TableSyntax:
                    config = config with { Agents = AgentsReader.Read(config.Agents, name, table, path, errors) };
                    break;
                default:
                    errors.Add(At(path, table.Name!.Span, $"unknown table [{name}] (known: [run], [network], [network.hosts], [limits], [dlp], [[credentials]], [agents.NAME])"));
                    break;
            }
        }

        errors.AddRange(CredentialConflicts(config));
        errors.AddRange(AgentProfiles.Check(config.Agents));
        return (config, errors);
    }

    /// <summary>A variable is one credential at most, and never also passed in plain by [run] env.</summary>
    private static IEnumerable<ConfigError> CredentialConflicts(VibedomConfig config)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var credential in config.Credentials)
        {
            if (!seen.Add(credential.Env))
            {
                yield return credential.Problem($"credentials: {credential.Env} is bound twice; list all its hosts in one entry");
            }

            if (config.PassEnvironment.Contains(credential.Env, StringComparer.Ordinal))
            {
                yield return credential.Problem($"credentials: {credential.Env} is also in [run] env, which would pass its real value in; remove it there");
            }
        }
    }

    internal static string KeyText(KeySyntax? key)
    {
        if (key is null)
        {
            return string.Empty;
        }

        var parts = new List<string> { Simple(key.Key) };
        parts.AddRange(key.DotKeys.Select(d => Simple(d.Key)));
        return string.Join('.', parts);

        static string Simple(BareKeyOrStringValueSyntax? part) => part switch
        {
            BareKeySyntax bare => bare.Key?.Text ?? string.Empty,
            StringValueSyntax quoted => quoted.Value ?? string.Empty,
            _ => string.Empty,
        };
    }

    internal static ConfigError At(string path, SourceSpan span, string problem) =>
        new(path, span.Start.Line + 1, span.Start.Column + 1, problem);

    private sealed class Reader(string path, List<ConfigError> errors)
    {
        public VibedomConfig ReadRun(TableSyntaxBase table, VibedomConfig config)
        {
            foreach (var item in table.Items.OfType<KeyValueSyntax>())
            {
                switch (KeyText(item.Key))
                {
                    case "runtime":
                        var runtime = String(item, "run");
                        if (runtime is not null && !RuntimeNames.All.Contains(runtime))
                        {
                            Error(item.Value!, $"run.runtime: unknown runtime '{runtime}' (expected one of: {string.Join(", ", RuntimeNames.All)})");
                        }
                        else
                        {
                            config = config with { Runtime = runtime };
                        }

                        break;
                    case "command":
                        var command = Strings(item, "run");
                        if (command is { Count: 0 })
                        {
                            Error(item.Value!, "run.command: must name a program, e.g. [\"claude\"]");
                        }
                        else if (command is [var program, ..] && string.IsNullOrWhiteSpace(program))
                        {
                            Error(item.Value!, "run.command: the program name (its first word) is empty: name a program, e.g. [\"claude\"]");
                        }

                        config = config with { DefaultCommand = command ?? [] };
                        break;
                    case "env":
                        var names = Strings(item, "run") ?? [];
                        foreach (var bad in names.Where(n => n.Length == 0 || !n.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(n[0])))
                        {
                            Error(item.Value!, $"run.env: '{bad}' is not an environment variable name");
                        }

                        foreach (var reserved in names.Where(SandboxPolicy.IsReservedVariable))
                        {
                            Error(item.Value!, $"run.env: '{reserved}' is set by vibedom itself and cannot be passed in");
                        }

                        config = config with { PassEnvironment = names };
                        break;
                    case "read_only_paths":
                        var paths = Strings(item, "run") ?? [];
                        foreach (var path in paths.Where(p => !(p.StartsWith('/') || p.StartsWith("~/", StringComparison.Ordinal))))
                        {
                            Error(item.Value!, $"run.read_only_paths: '{path}' must be absolute or start with ~/");
                        }

                        config = config with { ReadOnlyPaths = paths };
                        break;
                    default:
                        Error(item.Key!, ConfigKeys.Unknown("run", KeyText(item.Key)));
                        break;
                }
            }

            return config;
        }

        public VibedomConfig ReadNetwork(TableSyntaxBase table, VibedomConfig config)
        {
            foreach (var item in table.Items.OfType<KeyValueSyntax>())
            {
                switch (KeyText(item.Key))
                {
                    case "upstream_ca":
                        config = config with { UpstreamCaFiles = Strings(item, "network") ?? [] };
                        break;
                    case "allow_private":
                        var ranges = Strings(item, "network") ?? [];
                        foreach (var range in ranges.Where(r => !IPNetwork.TryParse(r, out _)))
                        {
                            Error(item.Value!, $"network.allow_private: '{range}' is not a CIDR range such as 127.0.0.1/32");
                        }

                        config = config with { AllowPrivate = ranges };
                        break;
                    default:
                        Error(item.Key!, ConfigKeys.Unknown("network", KeyText(item.Key)));
                        break;
                }
            }

            return config;
        }

        public Dictionary<string, string> ReadHosts(TableSyntaxBase table)
        {
            var hosts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in table.Items.OfType<KeyValueSyntax>())
            {
                var name = KeyText(item.Key);
                var target = String(item, $"network.hosts.\"{name}\"", qualified: true);
                if (target is null)
                {
                    continue;
                }

                // an address keeps the requested port; address:port pins both (as curl --resolve)
                if (!IPAddress.TryParse(target, out _) && (!IPEndPoint.TryParse(target, out var endpoint) || endpoint.Port == 0))
                {
                    Error(item.Value!, $"network.hosts.\"{name}\": '{target}' is not an address or address:port such as 127.0.0.1:8443");
                    continue;
                }

                hosts[name] = target;
            }

            return hosts;
        }

        /// <summary>The value as a string, or an error naming the key with its table (<paramref name="qualified"/>: already named).</summary>
        private string? String(KeyValueSyntax item, string table, bool qualified = false)
        {
            if (item.Value is StringValueSyntax s)
            {
                return s.Value;
            }

            Error(item.Value!, $"{(qualified ? table : $"{table}.{KeyText(item.Key)}")}: expected a string in quotes");
            return null;
        }

        /// <summary>The value as an array of strings, or an error that shows the fix (one string given: the array holding it).</summary>
        private List<string>? Strings(KeyValueSyntax item, string table)
        {
            if (item.Value is ArraySyntax array && array.Items.All(i => i.Value is StringValueSyntax))
            {
                return array.Items.Select(i => ((StringValueSyntax)i.Value!).Value ?? string.Empty).ToList();
            }

            var key = KeyText(item.Key);
            Error(item.Value!, item.Value is StringValueSyntax { Value: { Length: <= 200 } one } && one.All(c => !char.IsControl(c) && c is not '"' and not '\\')
                ? $"{table}.{key}: expected an array of strings: write {key} = [\"{one}\"]"
                : $"{table}.{key}: expected an array of strings, e.g. {key} = [\"...\"]");
            return null;
        }

        private void Error(SyntaxNode node, string problem) => errors.Add(At(path, node.Span, problem));
    }
}
