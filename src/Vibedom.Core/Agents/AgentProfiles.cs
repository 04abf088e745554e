using System.Reflection;
using Tomlyn.Parsing;
using Tomlyn.Syntax;
using Vibedom.Core.Config;

namespace Vibedom.Core.Agents;

/// <summary>
/// The agent profiles of a config: the built-in ones (embedded <c>Agents/Builtin/NAME.toml</c>, the same schema a user
/// writes as <c>[agents.NAME]</c>) with the user's tables over them field by field, and the user's new agents.
/// </summary>
public sealed class AgentProfiles
{
    private const string ResourcePrefix = "Vibedom.Core.Agents.Builtin.";

    private static readonly Lazy<IReadOnlyList<AgentProfileTable>> BuiltinTables = new(LoadBuiltin);

    private AgentProfiles(IReadOnlyList<AgentProfile> all)
    {
        All = all;
    }

    public IReadOnlyList<AgentProfile> All { get; }

    /// <summary>The names of the built-in profiles.</summary>
    public static IReadOnlyList<string> BuiltinNames => [.. BuiltinTables.Value.Select(t => t.Name)];

    /// <summary>The merged profiles of <paramref name="config"/> (checked when the config was loaded).</summary>
    public static AgentProfiles Of(VibedomConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new([.. Merged(config.Agents).Select(t => ToProfile(t))]);
    }

    /// <summary>
    /// The profile whose <see cref="AgentProfile.Commands"/> holds the base name of <paramref name="command"/> as typed or of
    /// what it resolved to on the host (<paramref name="resolved"/>, symlinks followed); null when none does. A user's own
    /// agent is looked at before the built-in ones.
    /// </summary>
    public AgentProfile? ForCommand(string command, string? resolved = null)
    {
        var names = new[] { command, resolved }.OfType<string>().Select(Path.GetFileName).Where(n => !string.IsNullOrEmpty(n)).ToList();
        return All.Reverse().FirstOrDefault(p => p.Commands.Any(c => names.Contains(c, StringComparer.Ordinal)));
    }

    /// <summary>What is wrong with the merged profiles (an enabled switch no table defines, an agent without commands, a seed for no state file).</summary>
    public static IEnumerable<ConfigError> Check(IReadOnlyDictionary<string, AgentProfileTable> user)
    {
        foreach (var table in Merged(user).Where(t => user.ContainsKey(t.Name)))
        {
            var at = user[table.Name].At;
            if (table.Commands is not { Count: > 0 })
            {
                yield return at with { Problem = $"agents.{table.Name}: commands: name the program(s) it runs as, e.g. commands = [\"{table.Name}\"]" };
            }

            foreach (var unknown in (table.Enable ?? []).Where(s => table.OptionalHosts?.ContainsKey(s) != true))
            {
                yield return at with { Problem = $"agents.{table.Name}.enable: no optional_hosts.{unknown} to enable ({(table.OptionalHosts is { Count: > 0 } known ? "known: " + string.Join(", ", known.Keys) : "it defines none")})" };
            }

            foreach (var seed in (table.Seed ?? new Dictionary<string, string>()).Keys.Where(s => !IsInState(s, table.State ?? [])))
            {
                yield return at with { Problem = $"agents.{table.Name}.seed: \"{seed}\" is neither one of its state files nor inside one of its state folders" };
            }
        }
    }

    /// <summary>True when <paramref name="file"/> is a state file of the list or lies inside a state folder of it.</summary>
    internal static bool IsInState(string file, IReadOnlyList<string> state) =>
        state.Any(s => s == file || (AgentProfile.IsFolder(s) && file.StartsWith(s, StringComparison.Ordinal)));

    private static IEnumerable<AgentProfileTable> Merged(IReadOnlyDictionary<string, AgentProfileTable> user)
    {
        foreach (var builtin in BuiltinTables.Value)
        {
            yield return user.TryGetValue(builtin.Name, out var over) ? over.Over(builtin) : builtin;
        }

        foreach (var (name, table) in user.Where(u => !BuiltinTables.Value.Any(b => b.Name == u.Key)).OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            yield return table;
        }
    }

    private static AgentProfile ToProfile(AgentProfileTable table) => new(table.Name)
    {
        Commands = table.Commands ?? [],
        Hosts = table.Hosts ?? [],
        OptionalHosts = table.OptionalHosts ?? new Dictionary<string, IReadOnlyList<string>>(),
        Enable = table.Enable ?? [],
        Env = table.Env ?? new Dictionary<string, string>(),
        Credential = table.Credential,
        State = table.State ?? [],
        Seed = table.Seed ?? new Dictionary<string, string>(),
        ReviewIgnore = table.ReviewIgnore ?? [],
    };

    private static List<AgentProfileTable> LoadBuiltin() => CompiledBuiltinAgents.IsCurrent ? CompiledBuiltinAgents.Build() : ParseBuiltin();

    /// <summary>The built-in profiles read from their embedded TOML files.</summary>
    internal static List<AgentProfileTable> ParseBuiltin()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var tables = new List<AgentProfileTable>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[ResourcePrefix.Length..^".toml".Length];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var (table, errors) = ReadFile(name, reader.ReadToEnd(), $"(built-in) Agents/Builtin/{name}.toml");
            if (errors.Count > 0)
            {
                throw new InvalidOperationException(string.Join('\n', errors)); // a build defect: AgentProfilesTests reads every built-in
            }

            tables.Add(table);
        }

        return tables;
    }

    /// <summary>A whole profile file (the built-in form: top-level keys, sub-tables such as <c>[env]</c>).</summary>
    internal static (AgentProfileTable Table, List<ConfigError> Errors) ReadFile(string name, string text, string path)
    {
        var errors = new List<ConfigError>();
        var document = SyntaxParser.Parse(text, path);
        errors.AddRange(document.Diagnostics.Where(d => d.Kind == DiagnosticMessageKind.Error).Select(d => ConfigLoader.At(path, d.Span, d.Message)));
        var table = new AgentProfileTable(name, new ConfigError(path, 1, 1, string.Empty));
        if (errors.Count > 0)
        {
            return (table, errors);
        }

        table = AgentProfileReader.Read(table, string.Empty, document.KeyValues, path, errors);
        foreach (var sub in document.Tables)
        {
            if (sub is TableSyntax)
            {
                table = AgentProfileReader.Read(table, ConfigLoader.KeyText(sub.Name) + ".", sub.Items.OfType<KeyValueSyntax>(), path, errors);
            }
            else
            {
                errors.Add(ConfigLoader.At(path, sub.Name!.Span, "a profile has no arrays of tables"));
            }
        }

        return (table, errors);
    }
}
