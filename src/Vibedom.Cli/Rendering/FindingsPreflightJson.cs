using System.Text.Json;
using Vibedom.Core.Workspace;
using Vibedom.Scanning.Sources;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// The session's <c>preflight.json</c>: <c>{"decision":"continue"|"cancel"|"hide", "hidden":[paths], "incomplete":bool, "findings":[{rule, file, line,
/// column, risk, reason, fingerprint, hash}], "unreadable":[...], "vendored_skipped":{"folders":[...],"files":n}}</c>. No secret value and no preview: this file outlives the session.
/// </summary>
internal static class FindingsPreflightJson
{
    public static void WriteFile(string path, ScanResult result, PreflightDecision decision, IReadOnlyList<string> hidden)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(stream, result, decision, hidden);
    }

    public static void Write(Stream stream, ScanResult result, PreflightDecision decision, IReadOnlyList<string> hidden)
    {
        using var json = new Utf8JsonWriter(stream, FindingsJson.Options);
        json.WriteStartObject();
        json.WriteString("decision", decision switch { PreflightDecision.Continue => "continue", PreflightDecision.Hide => "hide", _ => "cancel" });
        json.WriteStartArray("hidden");
        foreach (var file in hidden)
        {
            json.WriteStringValue(NameEscaping.WithByteEscapes(file));
        }

        json.WriteEndArray();
        json.WriteBoolean("incomplete", result.Incomplete);
        json.WriteStartArray("findings");
        foreach (var f in result.Findings)
        {
            json.WriteStartObject();
            FindingsJson.WriteCommon(json, f);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("unreadable");
        foreach (var s in result.Unreadable)
        {
            json.WriteStringValue(NameEscaping.WithByteEscapes(s.File));
        }

        json.WriteEndArray();
        FindingsJson.WriteVendored(json, result);
        json.WriteEndObject();
    }
}
