using Tomlyn.Syntax;

namespace Vibedom.Scanning.Rules;

/// <summary>Typed reads of TOML values; a value of the wrong type is an error at its position.</summary>
internal sealed partial class RuleFileParser
{
    private static (long Line, long Column) Position(SyntaxNode node) => (node.Span.Start.Line + 1, node.Span.Start.Column + 1);

    private static string KeyName(KeySyntax key)
    {
        var parts = new List<string> { Part(key.Key) };
        foreach (var dotted in key.DotKeys)
        {
            parts.Add(Part(dotted.Key));
        }

        return string.Join('.', parts);
    }

    private static string Part(BareKeyOrStringValueSyntax? part) => part switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? string.Empty,
        StringValueSyntax quoted => quoted.Value ?? string.Empty,
        _ => string.Empty,
    };

    private void Error(SyntaxNode node, string? ruleId, string problem)
    {
        var (line, col) = Position(node);
        _errors.Add(new RuleFileError(_file, line, col, ruleId, problem));
    }

    private static Located<string>? Located(KeyValueSyntax kv, string? value)
    {
        if (value is null)
        {
            return null;
        }

        var (line, col) = Position(kv.Value!);
        return new Located<string>(value, line, col);
    }

    private string? String(KeyValueSyntax kv, string? ruleId = null)
    {
        if (kv.Value is StringValueSyntax s)
        {
            return s.Value ?? string.Empty;
        }

        Error(kv.Value ?? (SyntaxNode)kv, ruleId, $"'{KeyName(kv.Key!)}' must be a string");
        return null;
    }

    private List<Located<string>> Strings(KeyValueSyntax kv, string? ruleId)
    {
        var result = new List<Located<string>>();
        if (kv.Value is not ArraySyntax array)
        {
            Error(kv.Value ?? (SyntaxNode)kv, ruleId, $"'{KeyName(kv.Key!)}' must be an array of strings");
            return result;
        }

        foreach (var item in array.Items)
        {
            if (item.Value is StringValueSyntax s)
            {
                var (line, col) = Position(s);
                result.Add(new Located<string>(s.Value ?? string.Empty, line, col));
            }
            else if (item.Value is not null)
            {
                Error(item.Value, ruleId, $"'{KeyName(kv.Key!)}' must be an array of strings");
            }
        }

        return result;
    }

    private long Integer(KeyValueSyntax kv, string? ruleId)
    {
        if (kv.Value is IntegerValueSyntax i)
        {
            return i.Value;
        }

        Error(kv.Value ?? (SyntaxNode)kv, ruleId, $"'{KeyName(kv.Key!)}' must be an integer");
        return 0;
    }

    private double Number(KeyValueSyntax kv, string? ruleId)
    {
        switch (kv.Value)
        {
            case FloatValueSyntax f:
                return f.Value;
            case IntegerValueSyntax i:
                return i.Value;
            default:
                Error(kv.Value ?? (SyntaxNode)kv, ruleId, $"'{KeyName(kv.Key!)}' must be a number");
                return 0;
        }
    }

    private bool Bool(KeyValueSyntax kv, string? ruleId)
    {
        if (kv.Value is BooleanValueSyntax b)
        {
            return b.Value;
        }

        Error(kv.Value ?? (SyntaxNode)kv, ruleId, $"'{KeyName(kv.Key!)}' must be true or false");
        return false;
    }
}
