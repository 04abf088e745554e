namespace Vibedom.Scanning.Rules;

/// <summary>Turns parsed drafts into compiled rules, merges <c>[extend]</c>ed sets, validates the result.</summary>
internal sealed partial class RuleSetBuilder
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, Rule> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RuleOrigin> _origins = new(StringComparer.Ordinal);
    private readonly List<Allowlist> _globals = [];
    private readonly HashSet<string> _disabled = new(StringComparer.Ordinal);
    private readonly List<(Allowlist Allowlist, string File, long Line, long Column)> _targeted = [];
    private string _title = string.Empty;
    private string _description = string.Empty;

    public static RuleSetBuilder From(DraftConfig draft, string file, List<RuleFileError> errors)
    {
        var b = new RuleSetBuilder { _title = draft.Title, _description = draft.Description };
        foreach (var d in draft.Rules)
        {
            var id = d.Id.Length == 0 ? null : d.Id;
            var errorsBefore = errors.Count;
            var regex = Compile(d.Regex, file, id, "regex", errors);
            var path = Compile(d.Path, file, id, "path", errors);
            var patternFailed = errors.Count > errorsBefore;
            var allowlists = new List<Allowlist>();
            if (d.DeprecatedAllowlist is { } old)
            {
                if (d.Allowlists.Count > 0)
                {
                    errors.Add(new RuleFileError(file, old.Line, old.Column, id, "[rules.allowlist] is deprecated, it cannot be used alongside [[rules.allowlists]]"));
                }

                allowlists.Add(BuildAllowlist(old, file, id, "[rules.allowlist]", errors));
            }

            allowlists.AddRange(d.Allowlists.Select(a => BuildAllowlist(a, file, id, "[[rules.allowlists]]", errors)));
            foreach (var (req, line, col) in d.Required.Where(r => r.Rule.RuleId.Length == 0))
            {
                errors.Add(new RuleFileError(file, line, col, id, "[[rules.required]] rule ID is empty"));
            }

            var rule = new Rule
            {
                Id = d.Id,
                Description = d.Description,
                Regex = regex,
                Path = path,
                SecretGroup = (int)(d.SecretGroup?.Value ?? 0),
                Entropy = d.Entropy,
                Keywords = d.Keywords.Select(k => k.ToLowerInvariant()).ToArray(),
                Tags = d.Tags.ToArray(),
                Allowlists = allowlists,
                Required = d.Required.Select(r => r.Rule).Where(r => r.RuleId.Length > 0).ToArray(),
                SkipReport = d.SkipReport,
                Origin = $"{file}:{d.Line}",
            };
            if (!b._rules.ContainsKey(rule.Id))
            {
                b._order.Add(rule.Id);
            }

            b._rules[rule.Id] = rule;
            var sg = d.SecretGroup ?? new Located<long>(0, d.Line, d.Column);
            b._origins[rule.Id] = new RuleOrigin(file, d.Line, d.Column, sg.Line, sg.Column, patternFailed);
        }

        foreach (var d in draft.Rules)
        {
            foreach (var (req, line, col) in d.Required.Where(r => r.Rule.RuleId.Length > 0 && !b._rules.ContainsKey(r.Rule.RuleId)))
            {
                errors.Add(new RuleFileError(file, line, col, d.Id, $"[[rules.required]] rule ID '{req.RuleId}' does not exist"));
            }
        }

        if (draft.DeprecatedAllowlist is { } global)
        {
            if (draft.Allowlists.Count > 0)
            {
                errors.Add(new RuleFileError(file, global.Line, global.Column, null, "[allowlist] is deprecated, it cannot be used alongside [[allowlists]]"));
            }

            b._globals.Add(BuildAllowlist(global, file, null, "[allowlist]", errors));
        }

        foreach (var a in draft.Allowlists)
        {
            var built = BuildAllowlist(a, file, null, "[[allowlists]]", errors);
            if (built.TargetRules.Count > 0)
            {
                b._targeted.Add((built, file, a.Line, a.Column));
            }
            else
            {
                b._globals.Add(built);
            }
        }

        return b;
    }

    /// <summary>gitleaks' Config.extend: the parent's rules are the base; this file's non-empty fields win.</summary>
    public void Extend(RuleSetBuilder parent, IReadOnlyCollection<string> disabled)
    {
        foreach (var id in parent._order)
        {
            if (disabled.Contains(id))
            {
                continue;
            }

            var baseRule = parent._rules[id];
            if (!_rules.TryGetValue(id, out var current))
            {
                _rules[id] = baseRule;
                _origins[id] = parent._origins[id];
                _order.Add(id);
                continue;
            }

            _rules[id] = baseRule with
            {
                Description = current.Description.Length > 0 ? current.Description : baseRule.Description,
                Entropy = current.Entropy != 0 ? current.Entropy : baseRule.Entropy,
                SecretGroup = current.SecretGroup != 0 ? current.SecretGroup : baseRule.SecretGroup,
                Regex = current.Regex ?? baseRule.Regex,
                Path = current.Path ?? baseRule.Path,
                Tags = [.. baseRule.Tags, .. current.Tags],
                Keywords = [.. baseRule.Keywords, .. current.Keywords],
                Allowlists = [.. baseRule.Allowlists, .. current.Allowlists],
            };
        }

        _globals.AddRange(parent._globals);
        _targeted.AddRange(parent._targeted);   // gitleaks drops an extended file's targeted allowlists; vibedom keeps them
        _disabled.UnionWith(disabled);
        _disabled.UnionWith(parent._disabled);
        _order.Sort(StringComparer.Ordinal);
    }

    /// <summary>gitleaks' Rule.Validate plus targeted allowlists, after everything is assembled.</summary>
    public static void Validate(RuleSetBuilder b, List<RuleFileError> errors)
    {
        foreach (var id in b._order)
        {
            var rule = b._rules[id];
            var origin = b._origins[id];
            if (string.IsNullOrWhiteSpace(rule.Id))
            {
                errors.Add(new RuleFileError(origin.File, origin.Line, origin.Column, null, "rule |id| is missing or empty" + (rule.Description.Length > 0 ? ", description: " + rule.Description : string.Empty)));
                continue;
            }

            if (rule.Regex is null && rule.Path is null && !origin.PatternFailed)
            {
                errors.Add(new RuleFileError(origin.File, origin.Line, origin.Column, rule.Id, "both |regex| and |path| are empty, this rule will have no effect"));
            }

            if (rule.Regex is not null && rule.SecretGroup > rule.Regex.GroupCount)
            {
                errors.Add(new RuleFileError(origin.File, origin.SecretGroupLine, origin.SecretGroupColumn, rule.Id, $"invalid regex secret group {rule.SecretGroup}, max regex secret group {rule.Regex.GroupCount}"));
            }
        }

        foreach (var (allowlist, file, line, col) in b._targeted)
        {
            foreach (var target in allowlist.TargetRules.Where(t => !b._disabled.Contains(t)))
            {
                if (!b._rules.TryGetValue(target, out var rule))
                {
                    errors.Add(new RuleFileError(file, line, col, null, $"[[allowlists]] target rule ID '{target}' does not exist"));
                    continue;
                }

                b._rules[target] = rule with { Allowlists = [.. rule.Allowlists, allowlist] };
            }
        }
    }

    public RuleSet ToRuleSet(string file) => new()
    {
        Title = _title,
        Description = _description,
        Path = file,
        Rules = _order.Select(id => _rules[id]).ToArray(),
        Allowlists = _globals.ToArray(),
    };
}
