using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Dlp.Pii;
using Vibedom.Scanning.Findings;

namespace Vibedom.Scanning.Dlp;

public sealed partial class DlpEngine
{
    /// <summary>
    /// Every value in <paramref name="text"/> the policy looks for. <paramref name="bytes"/>: the text is a body's
    /// bytes as Latin-1 chars (one char per byte: ranges are byte ranges, exact values are matched as their UTF-8
    /// bytes, hashes are over the bytes).
    /// </summary>
    internal List<DlpMatch> Find(string text, bool bytes)
    {
        var found = new List<DlpMatch>();
        if (text.Length == 0)
        {
            return found;
        }

        FindIn(text, bytes, found);
        if (Policy.Secrets != DlpAction.Off && !bytes && text.Contains('/', StringComparison.Ordinal))
        {
            // a URL path's segments are decoded one by one too (same length: every position is the text's)
            FindSecrets(text.Replace('/', ' '), bytes, found);
        }

        FindDecoded(text, bytes, found);
        return Distinct(found);
    }

    /// <summary>Every source the policy looks for, on one text (the original or a decoded pass).</summary>
    private void FindIn(string text, bool bytes, List<DlpMatch> found)
    {
        if (Policy.Secrets != DlpAction.Off)
        {
            FindSecrets(text, bytes, found);
        }

        if (Policy.Pii != DlpAction.Off)
        {
            var ranges = new List<(int Start, int End)>();
            var input = new PiiInput(text, bytes);
            foreach (var detector in _pii)
            {
                ranges.Clear();
                detector.Find(input, ranges);
                foreach (var (start, end) in ranges)
                {
                    var value = text.AsSpan(start, end - start);
                    found.Add(new DlpMatch(detector.RuleId, DlpClass.Pii, false, start, end, bytes ? DlpHash.OfBytes(value) : DlpHash.OfText(value)));
                }
            }
        }
    }

    private void FindSecrets(string text, bool bytes, List<DlpMatch> found)
    {
        // one decoding of the text for all three: the rules, their glued shapes and
        // the exact values (decoded passes)
        var values = bytes ? _exactBytes : _exactText;
        var exact = values.Detector;
        var all = exact is null ? _bounded.DetectWith(new Fragment(text), _unbounded) : _bounded.DetectWith(new Fragment(text), _unbounded, exact);
        Add(all[0], high: null);
        Add(all[1], high: null);
        if (all.Length > 2)
        {
            Add(all[2], high: true);
        }

        void Add(IReadOnlyList<SecretMatch> matches, bool? high)
        {
            foreach (var m in matches)
            {
                if (m.IsFileMatch || m.Secret.Length == 0 || m.ValueEnd <= m.ValueStart || m.ValueStart < 0 || m.ValueEnd > text.Length || IsIgnored(m.Secret))
                {
                    continue;
                }

                var decoded = m.Tags.Any(t => t.StartsWith("decoded:", StringComparison.Ordinal));
                if (high == true && values.TryCover(m, text, decoded, out var start, out var end, out var valueHash))
                {
                    found.Add(new DlpMatch(m.RuleId, DlpClass.Secret, true, start, end, valueHash)); // an encoded exact value
                    continue;
                }

                var hash = bytes && !decoded ? DlpHash.OfBytes(m.Secret) : DlpHash.OfText(m.Secret);
                var isHigh = high ?? RiskClassifier.Classify(m.RuleId, null, m.Secret, m.Match).Risk == Risk.High;
                found.Add(new DlpMatch(m.RuleId, DlpClass.Secret, isHigh, m.ValueStart, m.ValueEnd, hash));
            }
        }
    }

    /// <summary>A value that is one of the ignored values, or part of one (a rule that captured less than the whole).</summary>
    private bool IsIgnored(string value)
    {
        if (_ignored.Length == 0 || value.Length < MinimumIgnoredLength / 2)
        {
            return false;
        }

        foreach (var ignored in _ignored)
        {
            if (ignored.Contains(value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// One match per (rule, range): the bounded and unbounded rules, and the path view, find the same ones. A workspace
    /// exact value on the very range of a high-risk secret another rule found is that rule's match (the pre-flight scan
    /// found the value by it): counted once, so a summary's "values scrubbed" counts values. Over any other match
    /// (PII, whose action may differ; a low-risk rule, not warned about) it stays.
    /// </summary>
    private static List<DlpMatch> Distinct(List<DlpMatch> found)
    {
        if (found.Count < 2)
        {
            return found;
        }

        var seen = new HashSet<(string, int, int)>();
        var distinct = found.Where(m => seen.Add((m.RuleId, m.Start, m.End))).ToList();
        if (!distinct.Exists(m => m.RuleId == ExactValueRuleId))
        {
            return distinct;
        }

        var named = distinct.Where(m => m.Class == DlpClass.Secret && m.High && m.RuleId != ExactValueRuleId).Select(m => (m.Start, m.End)).ToHashSet();
        return named.Count == 0 ? distinct : distinct.Where(m => m.RuleId != ExactValueRuleId || !named.Contains((m.Start, m.End))).ToList();
    }
}
