using System.Text.Json;
using Vibedom.Scanning;
using Vibedom.Scanning.Dlp;

namespace Vibedom.Dlp.Bench;

/// <summary>
/// PII recall on Presidio's own evaluation dataset (presidio-research `data/synth_dataset_v2.json`, 1,500 synthetic
/// sentences with labelled spans), printed beside the per-entity recall Presidio publishes for its analyzer on that
/// dataset (presidio-research `notebooks/4_Evaluate_Presidio_Analyzer.ipynb`, "Per-entity recall for Presidio
/// Analyzer", vanilla analyzer). The dataset is not in this repository (it cannot be downloaded here at run time):
/// pass its path in PRESIDIO_DATASET. Without it only the published figures are printed.
/// </summary>
internal static class PresidioDataset
{
    // entity type in the dataset -> (our detector's rule id, Presidio's published recall on this dataset)
    private static readonly (string Entity, string Rule, double Published)[] Entities =
    [
        ("CREDIT_CARD", "credit-card", 0.772),
        ("US_SSN", "us-ssn", 1.000),
        ("PHONE_NUMBER", "phone-number", 0.250),
        ("EMAIL_ADDRESS", "email", 1.000),
        ("IBAN_CODE", "iban", 1.000),
    ];

    public static void Print(string? path)
    {
        Console.WriteLine("== PII recall vs Presidio's published figures (presidio-research notebook 4, vanilla analyzer) ==");
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            Console.WriteLine("  dataset not given (PRESIDIO_DATASET=path/to/synth_dataset_v2.json): published recall only");
            foreach (var (entity, _, published) in Entities)
            {
                Console.WriteLine($"  {entity,-14} Presidio {published:P1}");
            }

            return;
        }

        var engine = DlpEngine.Create(CompiledRules.Defaults, [], new DlpPolicy(DlpAction.Off, DlpAction.Replace));
        var found = Entities.ToDictionary(e => e.Entity, _ => 0);
        var total = Entities.ToDictionary(e => e.Entity, _ => 0);
        var extra = 0;
        var samples = 0;
        using var stream = File.OpenRead(path);
        foreach (var sample in JsonDocument.Parse(stream).RootElement.EnumerateArray())
        {
            samples++;
            var text = sample.GetProperty("full_text").GetString() ?? "";
            var scrub = engine.ScrubText(text);
            var labelled = 0;
            foreach (var span in sample.GetProperty("spans").EnumerateArray())
            {
                var entity = span.GetProperty("entity_type").GetString() ?? "";
                if (!total.ContainsKey(entity))
                {
                    continue;
                }

                labelled++;
                total[entity]++;
                var value = span.GetProperty("entity_value").GetString() ?? "";
                if (!scrub.Text.Contains(value, StringComparison.Ordinal))
                {
                    found[entity]++;
                }
                else if (Environment.GetEnvironmentVariable("PRESIDIO_MISSES") == entity)
                {
                    Console.WriteLine($"  missed {entity}: {text.Substring(Math.Max(0, span.GetProperty("start_position").GetInt32() - 40), Math.Min(40, span.GetProperty("start_position").GetInt32())).ReplaceLineEndings(" ")} | {value}");
                }
            }

            // scrubs beyond the labelled spans of these five types: other labels (street addresses, driver licences,
            // dates) that a detector took for one of ours, an upper bound on false positives
            extra += Math.Max(0, scrub.Hits.Sum(h => h.Count) - labelled);
        }

        Console.WriteLine($"  dataset: {samples} sentences; recall = labelled span no longer present after scrubbing");
        Console.WriteLine($"  {"entity",-14} {"spans",5} {"vibedom",8} {"Presidio",9}");
        foreach (var (entity, _, published) in Entities)
        {
            var recall = total[entity] == 0 ? 0 : (double)found[entity] / total[entity];
            Console.WriteLine($"  {entity,-14} {total[entity],5} {recall,8:P1} {published,9:P1}");
        }

        Console.WriteLine($"  scrubs beyond the labelled spans (upper bound on false positives): {extra}");
        Console.WriteLine("  (Presidio's figure is token-level recall from its notebook; vibedom's is per labelled span)");
    }
}
