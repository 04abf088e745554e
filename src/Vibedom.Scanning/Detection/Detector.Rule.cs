using Vibedom.Scanning.Rules;

namespace Vibedom.Scanning.Detection;

public sealed partial class Detector
{
    /// <summary>gitleaks' detectRule: one rule over the current (possibly decoded) text.</summary>
    private List<SecretMatch> DetectRule(FragmentContext ctx, TextView current, Rule rule, IReadOnlyList<EncodedSegment> segments, bool inherited)
    {
        var currentRaw = current.Text;
        var findings = new List<SecretMatch>();
        var fragment = ctx.Fragment;
        if (rule.SkipReport && !inherited)
        {
            return findings;
        }

        if (CommitOrPathAllowed(fragment, rule.Allowlists))
        {
            return findings;
        }

        if (rule.Path is not null)
        {
            var pathMatches = fragment.FilePath is { } p && rule.Path.IsMatch(p);
            if (rule.Regex is null && segments.Count == 0)
            {
                if (pathMatches)
                {
                    findings.Add(new SecretMatch(rule.Id, rule.Description, 0, 0, 0, 0, 0, 0, "file detected: " + fragment.FilePath, string.Empty, 0, rule.Tags) { IsFileMatch = true });
                }

                return findings;
            }

            if (!pathMatches)
            {
                return findings;
            }
        }

        if (rule.Regex is null)
        {
            return findings;
        }

        foreach (var m in Matches(rule.Regex, currentRaw, current))
        {
            var matchText = currentRaw.Substring(m.Index, m.Length);
            var secret = matchText.Trim('\n');
            var range = new TextRange(m.Index, m.Index + m.Length);
            IReadOnlyList<string> tags = rule.Tags;
            string? currentLine = null;
            if (segments.Count > 0)
            {
                var overlapping = EncodedSegment.WithDecodedOverlap(segments, range);
                if (overlapping.Count == 0)
                {
                    continue; // already reported in an earlier pass
                }

                range = EncodedSegment.AdjustMatchIndex(overlapping, range);
                tags = [.. rule.Tags, .. EncodedSegment.Tags(overlapping)];
                currentLine = EncodedSegment.CurrentLine(overlapping, currentRaw);
            }
            else
            {
                range = range with { End = range.Start + secret.Length };
            }

            var loc = ctx.Locate(range.Start, range.End);
            var line = ctx.Raw[loc.LineStart..loc.LineEnd];
            if (!_options.IgnoreGitleaksAllow && line.Contains(AllowSignature, StringComparison.Ordinal))
            {
                continue;
            }

            currentLine ??= line;
            var match = secret;
            var valueAt = 0; // the value's offset in the match
            var groups = rule.Regex.MatchGroups(secret, out var groupStarts);
            if (groups is { Length: >= 2 })
            {
                if (rule.SecretGroup > 0)
                {
                    if (groups.Length <= rule.SecretGroup)
                    {
                        continue;
                    }

                    secret = groups[rule.SecretGroup];
                    valueAt = Math.Max(0, groupStarts[rule.SecretGroup]);
                }
                else
                {
                    for (var g = 1; g < groups.Length; g++)
                    {
                        if (groups[g].Length > 0)
                        {
                            secret = groups[g];
                            valueAt = groupStarts[g];
                            break;
                        }
                    }
                }
            }

            var entropy = Entropy.Shannon(secret);
            if (rule.Entropy != 0 && entropy <= rule.Entropy)
            {
                continue;
            }

            if (FindingAllowed(fragment, match, secret, currentLine, _rules.Allowlists) ||
                FindingAllowed(fragment, match, secret, currentLine, rule.Allowlists))
            {
                continue;
            }

            // plain text: the value inside the match (after any '\n' the match began with); decoded: the encoded range
            var valueStart = segments.Count > 0 ? range.Start : m.Index + (matchText.Length - matchText.TrimStart('\n').Length) + valueAt;
            var valueEnd = segments.Count > 0 ? range.End : valueStart + secret.Length;
            findings.Add(new SecretMatch(rule.Id, rule.Description, range.Start, range.End, loc.StartLine, loc.StartColumn, loc.EndLine, loc.EndColumn, match, secret, entropy, tags)
            {
                ValueStart = valueStart,
                ValueEnd = valueEnd,
            });
        }

        if (inherited || rule.Required.Count == 0)
        {
            return findings;
        }

        return ApplyRequired(ctx, current, rule, segments, findings);
    }

    /// <summary>The matches of a rule's regex over the pass's text: near its factors for a known pattern (<see cref="MatchNeighbourhood"/>), else one scan.</summary>
    private static List<(int Index, int Length)> Matches(Re2Regex re2, string text, TextView view)
    {
        var projected = re2.NeedsAsciiBoundaries && !view.IsAscii ? view.Projected : null;
        if (MatchNeighbourhood.Of(re2) is { } near)
        {
            var regex = re2.Select(text, projected, out var input);
            if (System.Text.Ascii.IsValid(input) && near.Matches(regex, input) is { } nearby)
            {
                return nearby;
            }
        }

        return re2.Matches(text, projected);
    }

    /// <summary>gitleaks' processRequiredRules: a composite rule reports only when every required rule is found near it.</summary>
    private List<SecretMatch> ApplyRequired(FragmentContext ctx, TextView current, Rule rule, IReadOnlyList<EncodedSegment> segments, List<SecretMatch> primary)
    {
        if (primary.Count == 0)
        {
            return primary;
        }

        var found = new Dictionary<string, List<SecretMatch>>(StringComparer.Ordinal);
        foreach (var req in rule.Required)
        {
            if (_byId.TryGetValue(req.RuleId, out var other))
            {
                found[req.RuleId] = DetectRule(ctx, current, other, segments, inherited: true);
            }
        }

        var result = new List<SecretMatch>();
        foreach (var p in primary)
        {
            var satisfied = rule.Required.All(req =>
                found.TryGetValue(req.RuleId, out var list) && list.Any(r =>
                    (req.WithinLines is not { } wl || Math.Abs(p.StartLine - r.StartLine) <= wl) &&
                    (req.WithinColumns is not { } wc || Math.Abs(p.StartColumn - r.StartColumn) <= wc)));
            if (satisfied)
            {
                result.Add(p);
            }
        }

        return result;
    }
}
