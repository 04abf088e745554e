using Tomlyn.Syntax;
using Vibedom.Core.Agents;

namespace Vibedom.Core.Config;

/// <summary>
/// Reads <c>[agents.NAME]</c> and its sub-tables (<c>[agents.NAME.env]</c>, <c>[agents.NAME.optional_hosts]</c>,
/// <c>[agents.NAME.seed]</c>) into the user's profile tables, one per name (see <see cref="AgentProfileReader"/>).
/// </summary>
internal static class AgentsReader
{
    public static IReadOnlyDictionary<string, AgentProfileTable> Read(
        IReadOnlyDictionary<string, AgentProfileTable> agents, string tableName, TableSyntaxBase table, string path, List<ConfigError> errors)
    {
        var rest = tableName.Length > "agents.".Length ? tableName["agents.".Length..] : string.Empty;
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        var (name, sub) = dot < 0 ? (rest, string.Empty) : (rest[..dot], rest[(dot + 1)..] + ".");
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            errors.Add(ConfigLoader.At(path, table.Name!.Span, $"[{tableName}]: an agent is named in lower-case letters, digits, '-' and '_', e.g. [agents.aider]"));
            return agents;
        }

        var current = agents.TryGetValue(name, out var existing) ? existing : new AgentProfileTable(name, ConfigLoader.At(path, table.Name!.Span, string.Empty));
        var read = AgentProfileReader.Read(current, sub, table.Items.OfType<KeyValueSyntax>(), path, errors);
        return new Dictionary<string, AgentProfileTable>(agents, StringComparer.Ordinal) { [name] = read };
    }
}
