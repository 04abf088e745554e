using System.Text.Encodings.Web;
using System.Text.Json;
using Vibedom.Core.Workspace;
using Vibedom.Scanning.Findings;
using Vibedom.Scanning.Sources;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// <c>--format json</c>: <c>{"findings":[...],"unreadable":[...],"incomplete":bool,"files_scanned":n,"bytes_scanned":n,
/// "vendored_skipped":{"folders":[...],"files":n}}</c>;
/// each finding has rule, description, file, line, column, end_line, end_column, risk, reason, preview, fingerprint, hash, tags.
/// </summary>
internal static class FindingsJson
{
    internal static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(TextWriter writer, ScanResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteStartArray("findings");
            foreach (var f in result.Findings)
            {
                json.WriteStartObject();
                WriteCommon(json, f);
                json.WriteString("description", f.Description);
                json.WriteNumber("end_line", f.EndLine);
                json.WriteNumber("end_column", f.EndColumn);
                json.WriteString("preview", f.Preview);
                json.WriteStartArray("tags");
                foreach (var t in f.Tags)
                {
                    json.WriteStringValue(t);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("unreadable");
            foreach (var s in result.Unreadable)
            {
                json.WriteStartObject();
                json.WriteString("file", NameEscaping.WithByteEscapes(s.File));
                json.WriteString("reason", NameEscaping.WithByteEscapes(s.Reason));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("incomplete", result.Incomplete);
            json.WriteNumber("files_scanned", result.FilesScanned);
            json.WriteNumber("binary_skipped", result.BinaryFilesSkipped);
            json.WriteNumber("bytes_scanned", result.BytesScanned);
            WriteVendored(json, result);
            json.WriteEndObject();
        }

        writer.WriteLine(TerminalText.EscapeJsonDocument(System.Text.Encoding.UTF8.GetString(buffer.ToArray())));
    }

    /// <summary><c>"vendored_skipped":{"folders":[relative paths],"files":n}</c>: what was not scanned (without <c>--all</c>).</summary>
    internal static void WriteVendored(Utf8JsonWriter json, ScanResult result)
    {
        json.WriteStartObject("vendored_skipped");
        json.WriteStartArray("folders");
        foreach (var folder in result.VendoredFolders)
        {
            json.WriteStringValue(NameEscaping.WithByteEscapes(folder));
        }

        json.WriteEndArray();
        json.WriteNumber("files", result.VendoredFilesSkipped);
        json.WriteEndObject();
    }

    /// <summary>The fields shared with preflight.json: rule, file, line, column, risk, reason, fingerprint, hash.</summary>
    internal static void WriteCommon(Utf8JsonWriter json, Finding f)
    {
        json.WriteString("rule", f.RuleId);
        json.WriteString("file", NameEscaping.WithByteEscapes(f.File));
        json.WriteNumber("line", f.Line);
        json.WriteNumber("column", f.Column);
        json.WriteString("risk", FindingsText.Label(f.Risk));
        json.WriteString("reason", f.Reason);
        json.WriteString("fingerprint", NameEscaping.WithByteEscapes(f.Fingerprint));
        json.WriteString("hash", f.ShortHash);
    }
}
