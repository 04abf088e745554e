using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Vibedom.Scanning.Rules;

/// <summary>
/// Reads a gitleaks TOML rule file from Tomlyn's syntax tree, so every value keeps its line and column.
/// Keys match case-insensitively, as gitleaks' viper does; unknown keys are ignored, as there.
/// </summary>
internal sealed partial class RuleFileParser
{
    private readonly string _file;
    private readonly List<RuleFileError> _errors;

    private RuleFileParser(string file, List<RuleFileError> errors)
    {
        _file = file;
        _errors = errors;
    }

    public static DraftConfig Parse(string text, string file, List<RuleFileError> errors)
    {
        var parser = new RuleFileParser(file, errors);
        var config = new DraftConfig();
        DocumentSyntax doc;
        try
        {
            doc = SyntaxParser.Parse(text, file, validate: true);
        }
        catch (Tomlyn.TomlException e)
        {
            errors.Add(new RuleFileError(file, Math.Max(1, e.Line ?? 1), Math.Max(1, e.Column ?? 1), null, e.Message));
            return config;
        }

        if (doc.HasErrors)
        {
            foreach (var d in doc.Diagnostics)
            {
                if (d.Kind == DiagnosticMessageKind.Error)
                {
                    errors.Add(new RuleFileError(file, d.Span.Start.Line + 1, d.Span.Start.Column + 1, null, d.Message));
                }
            }

            return config;
        }

        foreach (var kv in doc.KeyValues)
        {
            parser.ReadTop(config, kv);
        }

        foreach (var table in doc.Tables)
        {
            parser.ReadTable(config, table);
        }

        return config;
    }

    private void ReadTop(DraftConfig config, KeyValueSyntax kv)
    {
        switch (KeyName(kv.Key!).ToLowerInvariant())
        {
            case "title":
                config.Title = String(kv) ?? string.Empty;
                break;
            case "description":
                config.Description = String(kv) ?? string.Empty;
                break;
            case "rules" or "allowlist" or "allowlists" or "extend":
                Error(kv, null, $"'{KeyName(kv.Key!)}' must be written as a [table], not an inline value");
                break;
        }
    }

    private void ReadTable(DraftConfig config, TableSyntaxBase table)
    {
        var name = table.Name is null ? string.Empty : KeyName(table.Name).ToLowerInvariant();
        var isArray = table is TableArraySyntax;
        var (line, col) = Position(table);
        var lastRule = config.Rules.Count > 0 ? config.Rules[^1] : null;
        switch (name, isArray)
        {
            case ("extend", false):
                config.ExtendAt = (line, col);
                foreach (var kv in table.Items)
                {
                    ReadExtend(config, kv);
                }

                break;
            case ("rules", true):
                var rule = new DraftRule { Line = line, Column = col };
                config.Rules.Add(rule);
                foreach (var kv in table.Items)
                {
                    ReadRule(rule, kv);
                }

                break;
            case ("rules.allowlist", false) or ("rules.allowlists", true) or ("rules.required", true) when lastRule is null:
                Error(table, null, $"[{name}] appears before any [[rules]]");
                break;
            case ("rules.allowlist", false):
                lastRule!.DeprecatedAllowlist = ReadAllowlist(table, lastRule.Id);
                break;
            case ("rules.allowlists", true):
                lastRule!.Allowlists.Add(ReadAllowlist(table, lastRule.Id));
                break;
            case ("rules.required", true):
                ReadRequired(lastRule!, table);
                break;
            case ("allowlist", false):
                config.DeprecatedAllowlist = ReadAllowlist(table, null);
                break;
            case ("allowlists", true):
                config.Allowlists.Add(ReadAllowlist(table, null));
                break;
            default:
                Error(table, null, $"unknown table [{(isArray ? "[" : string.Empty)}{name}{(isArray ? "]" : string.Empty)}] (expected [extend], [[rules]], [[rules.allowlists]], [[rules.required]], [[allowlists]])");
                break;
        }
    }

    private void ReadExtend(DraftConfig config, KeyValueSyntax kv)
    {
        switch (KeyName(kv.Key!).ToLowerInvariant())
        {
            case "path":
                config.ExtendPath = Located(kv, String(kv));
                break;
            case "url":
                config.ExtendUrl = Located(kv, String(kv));
                break;
            case "usedefault":
                config.ExtendUseDefault = Bool(kv, null);
                break;
            case "disabledrules":
                config.DisabledRules.AddRange(Strings(kv, null).Select(s => s.Value));
                break;
        }
    }

    private void ReadRule(DraftRule rule, KeyValueSyntax kv)
    {
        var id = rule.Id.Length == 0 ? null : rule.Id;
        switch (KeyName(kv.Key!).ToLowerInvariant())
        {
            case "id":
                rule.Id = String(kv) ?? string.Empty;
                break;
            case "description":
                rule.Description = String(kv) ?? string.Empty;
                break;
            case "regex":
                rule.Regex = Located(kv, String(kv, id));
                break;
            case "path":
                rule.Path = Located(kv, String(kv, id));
                break;
            case "secretgroup":
                rule.SecretGroup = new Located<long>(Integer(kv, id), Position(kv.Value!).Line, Position(kv.Value!).Column);
                break;
            case "entropy":
                rule.Entropy = Number(kv, id);
                break;
            case "keywords":
                rule.Keywords.AddRange(Strings(kv, id).Select(s => s.Value));
                break;
            case "tags":
                rule.Tags.AddRange(Strings(kv, id).Select(s => s.Value));
                break;
            case "skipreport":
                rule.SkipReport = Bool(kv, id);
                break;
            case "allowlist" or "allowlists" or "required":
                Error(kv, id, $"'{KeyName(kv.Key!)}' must be written as a [[rules.{KeyName(kv.Key!)}]] table");
                break;
        }
    }

    private DraftAllowlist ReadAllowlist(TableSyntaxBase table, string? ruleId)
    {
        var (line, col) = Position(table);
        var a = new DraftAllowlist { Line = line, Column = col };
        foreach (var kv in table.Items)
        {
            switch (KeyName(kv.Key!).ToLowerInvariant())
            {
                case "description":
                    a.Description = String(kv, ruleId) ?? string.Empty;
                    break;
                case "condition":
                    a.Condition = Located(kv, String(kv, ruleId));
                    break;
                case "commits":
                    a.Commits.AddRange(Strings(kv, ruleId).Select(s => s.Value));
                    break;
                case "paths":
                    a.Paths.AddRange(Strings(kv, ruleId));
                    break;
                case "regextarget":
                    a.RegexTarget = Located(kv, String(kv, ruleId));
                    break;
                case "regexes":
                    a.Regexes.AddRange(Strings(kv, ruleId));
                    break;
                case "stopwords":
                    a.StopWords.AddRange(Strings(kv, ruleId).Select(s => s.Value));
                    break;
                case "targetrules":
                    a.TargetRules.AddRange(Strings(kv, ruleId).Select(s => s.Value));
                    break;
            }
        }

        return a;
    }

    private void ReadRequired(DraftRule rule, TableSyntaxBase table)
    {
        var (line, col) = Position(table);
        string id = string.Empty;
        int? lines = null, columns = null;
        foreach (var kv in table.Items)
        {
            switch (KeyName(kv.Key!).ToLowerInvariant())
            {
                case "id":
                    id = String(kv, rule.Id) ?? string.Empty;
                    break;
                case "withinlines":
                    lines = (int)Integer(kv, rule.Id);
                    break;
                case "withincolumns":
                    columns = (int)Integer(kv, rule.Id);
                    break;
            }
        }

        rule.Required.Add((new RequiredRule(id, lines, columns), line, col));
    }
}
