using Tomlyn.Parsing;
using Tomlyn.Syntax;
using Vibedom.Core.Config;

namespace Vibedom.Core.Agents;

/// <summary>The seed's sections: its top-level keys (no header), then each <c>[table]</c> with its keys.</summary>
public static partial class AgentTomlSeed
{
    private static List<SeedSection> SeedSections(string seed)
    {
        var document = SyntaxParser.Parse(seed, "seed");
        List<SeedSection> sections = [new(null, string.Empty, [.. document.KeyValues.Select(Line)])];
        sections.AddRange(document.Tables.OfType<TableSyntax>().Select(t =>
            new SeedSection(Parts(t.Name), $"[{t.Name!.ToString().Trim()}]", [.. t.Items.OfType<KeyValueSyntax>().Select(Line)])));
        return sections;

        static (string Key, string Line) Line(KeyValueSyntax kv) => (ConfigLoader.KeyText(kv.Key!), kv.ToString().Trim());
    }

    /// <summary>
    /// The top-level keys set, then each seed table's keys under its header; a table whose result would not be valid TOML
    /// (the file defines it inline or by dotted keys) is skipped: the agent's own definition stays, never a second one.
    /// </summary>
    private static List<string> Merged(List<string> current, List<SeedSection> sections)
    {
        var result = MergedTop(current, sections[0].Lines);
        foreach (var table in sections.Skip(1))
        {
            var candidate = MergedTable(result, table);
            if (!SyntaxParser.Parse(string.Join('\n', candidate), "merged", validate: true).HasErrors)
            {
                result = candidate;
            }
        }

        return result;
    }

    private static List<string> MergedTable(List<string> lines, SeedSection table)
    {
        var at = lines.FindIndex(l => HeaderOf(l) is { } header && header.SequenceEqual(table.Header!));
        if (at < 0)
        {
            return [.. lines, .. lines.Count > 0 ? new[] { string.Empty } : [], table.HeaderLine, .. table.Lines.Select(l => l.Line)];
        }

        var merged = new List<string>(lines);
        var end = merged.FindIndex(at + 1, l => l.TrimStart().StartsWith('['));
        end = end < 0 ? merged.Count : end;
        var insertAt = at + 1;
        foreach (var (key, line) in table.Lines)
        {
            var existing = merged.FindIndex(at + 1, end - at - 1, l => KeyOf(l) == key);
            if (existing >= 0)
            {
                merged[existing] = line;
            }
            else
            {
                merged.Insert(insertAt++, line);
                end++;
            }
        }

        return merged;
    }

    /// <summary>The key path of a <c>[table]</c> header line, or null for any other line.</summary>
    private static List<string>? HeaderOf(string line)
    {
        if (!line.TrimStart().StartsWith('[') || line.TrimStart().StartsWith("[[", StringComparison.Ordinal))
        {
            return null;
        }

        var document = SyntaxParser.Parse(line, "line");
        var tables = document.Tables.ToList();
        return !document.HasErrors && tables is [TableSyntax table] ? Parts(table.Name) : null;
    }

    private static List<string> Parts(KeySyntax? key) =>
        key is null ? [] : [Simple(key.Key), .. key.DotKeys.Select(d => Simple(d.Key))];

    private static string Simple(BareKeyOrStringValueSyntax? part) => part switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? string.Empty,
        StringValueSyntax quoted => quoted.Value ?? string.Empty,
        _ => string.Empty,
    };

    /// <summary>One seed section: a table's key path and header line (null and empty for the top level), and its key lines.</summary>
    private sealed record SeedSection(List<string>? Header, string HeaderLine, List<(string Key, string Line)> Lines);
}
