namespace Vibedom.Scanning.Rules;

/// <summary>Which rules a scan uses: a given gitleaks config alone, else vibedom's defaults plus the user's rule files.</summary>
public static class RuleSources
{
    /// <summary>
    /// <paramref name="configFile"/> set: that file (with whatever it <c>[extend]</c>s), nothing else.
    /// Otherwise vibedom's default rules, then every <c>*.toml</c> in <paramref name="userRulesDirectory"/>
    /// in name order; a later rule with the same id replaces an earlier one.
    /// </summary>
    public static RuleSet Load(string? configFile, string? userRulesDirectory)
    {
        if (configFile is not null)
        {
            return RuleLoader.LoadFile(configFile);
        }

        var set = RuleLoader.LoadDefault();
        if (userRulesDirectory is null || !Directory.Exists(userRulesDirectory))
        {
            return set;
        }

        var errors = new List<RuleFileError>();
        foreach (var file in Directory.EnumerateFiles(userRulesDirectory, "*.toml").Order(StringComparer.Ordinal))
        {
            try
            {
                set = Merge(set, RuleLoader.LoadFile(file));
            }
            catch (RuleFileException e)
            {
                errors.AddRange(e.Errors);
            }
        }

        return errors.Count > 0 ? throw new RuleFileException(errors) : set;
    }

    public static RuleSet Merge(RuleSet first, RuleSet second)
    {
        var ids = second.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return first with
        {
            Rules = [.. first.Rules.Where(r => !ids.Contains(r.Id)), .. second.Rules],
            Allowlists = [.. first.Allowlists, .. second.Allowlists],
        };
    }
}
