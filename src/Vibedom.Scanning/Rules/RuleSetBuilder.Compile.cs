namespace Vibedom.Scanning.Rules;

internal sealed partial class RuleSetBuilder
{
    private static Re2Regex? Compile(Located<string>? source, string file, string? ruleId, string what, List<RuleFileError> errors)
    {
        if (source is not { } s || s.Value.Length == 0)
        {
            return null;
        }

        try
        {
            return new Re2Regex(s.Value, validate: file != DefaultRules.Name); // the embedded rules are checked by the tests
        }
        catch (Re2TranslationException e)
        {
            errors.Add(new RuleFileError(file, s.Line, s.Column, ruleId, $"{what}: {e.Message}"));
            return null;
        }
    }

    private static Allowlist BuildAllowlist(DraftAllowlist d, string file, string? ruleId, string table, List<RuleFileError> errors)
    {
        var matchAll = false;
        if (d.Condition is { } condition)
        {
            switch (condition.Value.ToUpperInvariant())
            {
                case "AND" or "&&":
                    matchAll = true;
                    break;
                case "" or "OR" or "||":
                    break;
                default:
                    errors.Add(new RuleFileError(file, condition.Line, condition.Column, ruleId, $"{table} unknown allowlist |condition| '{condition.Value}' (expected 'and', 'or')"));
                    break;
            }
        }

        var target = AllowlistTarget.Secret;
        if (d.RegexTarget is { } t)
        {
            switch (t.Value)
            {
                case "" or "secret":
                    break;
                case "match":
                    target = AllowlistTarget.Match;
                    break;
                case "line":
                    target = AllowlistTarget.Line;
                    break;
                default:
                    errors.Add(new RuleFileError(file, t.Line, t.Column, ruleId, $"{table} unknown allowlist |regexTarget| '{t.Value}' (expected 'match', 'line')"));
                    break;
            }
        }

        if (d.Commits.Count == 0 && d.Paths.Count == 0 && d.Regexes.Count == 0 && d.StopWords.Count == 0)
        {
            errors.Add(new RuleFileError(file, d.Line, d.Column, ruleId, $"{table} must contain at least one check for: commits, paths, regexes, or stopwords"));
        }

        return new Allowlist
        {
            Description = d.Description,
            MatchAll = matchAll,
            Commits = d.Commits.Select(c => c.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray(),
            Paths = d.Paths.Select(p => Compile(p, file, ruleId, table + " paths", errors)).OfType<Re2Regex>().ToArray(),
            RegexTarget = target,
            Regexes = d.Regexes.Select(r => Compile(r, file, ruleId, table + " regexes", errors)).OfType<Re2Regex>().ToArray(),
            StopWords = d.StopWords.Select(w => w.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray(),
            TargetRules = d.TargetRules.ToArray(),
        };
    }
}
