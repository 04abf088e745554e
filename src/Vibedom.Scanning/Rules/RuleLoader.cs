namespace Vibedom.Scanning.Rules;

/// <summary>
/// Loads gitleaks-format rule files (config/config.go semantics): rules, allowlists, <c>[extend]</c>
/// (path, or <c>useDefault</c>, which here means vibedom's own default rules), disabled rules and
/// targeted global allowlists. Every problem is collected; any problem throws <see cref="RuleFileException"/>.
/// </summary>
public static class RuleLoader
{
    private const int MaxExtendDepth = 2;

    /// <summary>vibedom's own default rule set, shipped inside the binary.</summary>
    public static RuleSet LoadDefault() => DefaultRules.Load();

    public static RuleSet LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuleFileException([new RuleFileError(path, 1, 1, null, $"cannot read rule file: {e.Message}")]);
        }

        return Load(text, path);
    }

    /// <summary>Loads rule text; <paramref name="file"/> names it in errors and resolves a relative <c>[extend] path</c>.</summary>
    public static RuleSet Load(string text, string file)
    {
        var errors = new List<RuleFileError>();
        var built = Build(text, file, depth: 0, errors);
        RuleSetBuilder.Validate(built, errors);
        if (errors.Count > 0)
        {
            throw new RuleFileException(errors);
        }

        return built.ToRuleSet(file);
    }

    private static RuleSetBuilder Build(string text, string file, int depth, List<RuleFileError> errors)
    {
        var draft = RuleFileParser.Parse(text, file, errors);
        var builder = RuleSetBuilder.From(draft, file, errors);
        if (depth >= MaxExtendDepth)
        {
            return builder;
        }

        var (line, col) = draft.ExtendAt;
        if (draft.ExtendPath is { } extendPath && draft.ExtendUseDefault)
        {
            errors.Add(new RuleFileError(file, line, col, null, "unable to load config due to extend.path and extend.useDefault being set"));
            return builder;
        }

        if (draft.ExtendUrl is { } url)
        {
            errors.Add(new RuleFileError(file, url.Line, url.Column, null, "extend.url is not supported (gitleaks does not implement it either); use extend.path"));
        }

        RuleSetBuilder? parent = null;
        if (draft.ExtendUseDefault)
        {
            parent = Build(DefaultRules.Text, DefaultRules.Name, depth + 1, errors);
        }
        else if (draft.ExtendPath is { } p)
        {
            var full = Path.IsPathRooted(p.Value) ? p.Value : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", p.Value);
            string parentText;
            try
            {
                parentText = File.ReadAllText(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new RuleFileError(file, p.Line, p.Column, null, $"failed to load extended config {p.Value}: {e.Message}"));
                return builder;
            }

            parent = Build(parentText, full, depth + 1, errors);
        }

        if (parent is not null)
        {
            builder.Extend(parent, draft.DisabledRules);
        }

        return builder;
    }
}
