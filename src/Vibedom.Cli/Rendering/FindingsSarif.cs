using System.Text.Json;
using Vibedom.Core.Workspace;
using Vibedom.Scanning.Findings;
using Vibedom.Scanning.Rules;
using Vibedom.Scanning.Sources;

namespace Vibedom.Cli.Rendering;

/// <summary><c>--format sarif</c>: SARIF 2.1.0, one run, rules as gitleaks lists them; results carry no secret value.</summary>
internal static class FindingsSarif
{
    public static void Write(TextWriter writer, ScanResult result, RuleSet rules)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, FindingsJson.Options))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "vibedom");
            json.WriteString("informationUri", "https://github.com/vibedom/vibedom");
            json.WriteStartArray("rules");
            foreach (var rule in rules.Rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule.Description.Length > 0 ? rule.Description : rule.Id);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            WriteInvocation(json, result);
            json.WriteStartArray("results");
            foreach (var f in result.Findings)
            {
                WriteResult(json, f);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.WriteLine(TerminalText.EscapeJsonDocument(System.Text.Encoding.UTF8.GetString(buffer.ToArray())));
    }

    /// <summary>
    /// What was not scanned: a note in the invocation (<c>skipped N files in M vendored folders</c>) and
    /// <c>vendoredFoldersSkipped</c>/<c>vendoredFilesSkipped</c> in its property bag.
    /// </summary>
    private static void WriteInvocation(Utf8JsonWriter json, ScanResult result)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", !result.Incomplete);
        json.WriteStartArray("toolExecutionNotifications");
        if (FindingsText.VendoredSkip(result) is { } skipped)
        {
            json.WriteStartObject();
            json.WriteString("level", "note");
            json.WriteStartObject("message");
            json.WriteString("text", skipped);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("properties");
        json.WriteStartArray("vendoredFoldersSkipped");
        foreach (var folder in result.VendoredFolders)
        {
            json.WriteStringValue(folder);
        }

        json.WriteEndArray();
        json.WriteNumber("vendoredFilesSkipped", result.VendoredFilesSkipped);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter json, Finding f)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", f.RuleId);
        json.WriteString("level", f.Risk switch { Risk.High => "error", Risk.Low => "note", _ => "warning" });
        json.WriteStartObject("message");
        json.WriteString("text", $"{f.RuleId}: {f.Preview} ({FindingsText.Label(f.Risk)}: {f.Reason})");
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", f.File.Length == 0 ? "stdin" : NameEscaping.WithByteEscapes(f.File));
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", Math.Max(1, f.Line));
        json.WriteNumber("startColumn", Math.Max(1, f.Column));
        json.WriteNumber("endLine", Math.Max(1, f.EndLine));
        json.WriteNumber("endColumn", Math.Max(1, f.EndColumn + 1));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("partialFingerprints");
        json.WriteString("fingerprint", NameEscaping.WithByteEscapes(f.Fingerprint));
        json.WriteString("secretHash/v1", f.ShortHash);
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("risk", FindingsText.Label(f.Risk));
        json.WriteString("reason", f.Reason);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
