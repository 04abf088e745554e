using System.Collections.Concurrent;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Findings;

namespace Vibedom.Scanning.Sources;

/// <summary>Collects detections from all workers as value-free findings, dropping ignored fingerprints.</summary>
internal sealed class FindingSink(IReadOnlySet<string> ignored)
{
    private readonly ConcurrentBag<Finding> _findings = [];
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>A stream's matches (most writes settle none: nothing is allocated for them).</summary>
    public void Add(IReadOnlyList<StreamMatch> matches, string file)
    {
        for (var i = 0; i < matches.Count; i++)
        {
            Add(matches[i].Detail, file);
        }
    }

    public void Add(IReadOnlyList<SecretMatch> detections, string file)
    {
        for (var i = 0; i < detections.Count; i++)
        {
            Add(detections[i], file);
        }
    }

    private void Add(SecretMatch d, string file)
    {
        var fingerprint = $"{file}:{d.RuleId}:{d.StartLine}";
        var value = d.IsFileMatch ? file : d.Secret;
        var hash = SecretMask.ShortHash(value);
        if (ignored.Contains(fingerprint) || ignored.Contains(hash))
        {
            return;
        }

        var (risk, reason) = RiskClassifier.Classify(d.RuleId, file, value, d.Match);
        _findings.Add(new Finding
        {
            RuleId = d.RuleId,
            Description = d.Description,
            File = file,
            Line = d.StartLine,
            Column = d.StartColumn,
            EndLine = d.EndLine,
            EndColumn = d.EndColumn,
            Risk = risk,
            Reason = reason,
            Preview = d.IsFileMatch ? "(file)" : SecretMask.Preview(d.Secret),
            Fingerprint = fingerprint,
            ShortHash = hash,
            Entropy = d.Entropy,
            Tags = d.Tags,
        });
        if (!d.IsFileMatch)
        {
            _values.TryAdd(hash, d.Secret);
        }
    }

    public ScanResult ToResult(IReadOnlyList<SkippedFile> unreadable, long scanned, long binary, long bytes) => new()
    {
        Findings = _findings
            .OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToArray(),
        SecretValues = new Dictionary<string, string>(_values, StringComparer.Ordinal),
        Unreadable = unreadable,
        FilesScanned = scanned,
        BinaryFilesSkipped = binary,
        BytesScanned = bytes,
    };
}
