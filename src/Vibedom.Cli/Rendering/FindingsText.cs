using Vibedom.Scanning.Findings;
using Vibedom.Scanning.Sources;

namespace Vibedom.Cli.Rendering;

/// <summary>The plain text report: one line a finding, one a skipped file, then a summary.</summary>
internal static class FindingsText
{
    public static void Write(TextWriter w, ScanResult result)
    {
        foreach (var f in result.Findings)
        {
            var where = f.File.Length == 0 ? $"stdin:{f.Line}:{f.Column}" : $"{f.File}:{f.Line}:{f.Column}";
            w.WriteLine($"{Label(f.Risk),-6} {TerminalText.Escape(f.RuleId)}  {TerminalText.Escape(where)}  {TerminalText.Escape(f.Preview)}  ({TerminalText.Escape(f.Reason)})  fingerprint {f.Fingerprint}  hash {f.ShortHash}");
        }

        foreach (var s in result.Unreadable)
        {
            w.WriteLine($"SKIPPED {TerminalText.Escape(s.File)}: {TerminalText.Escape(s.Reason)}");
        }

        WriteSummary(w, result);
    }

    public static void WriteSummary(TextWriter w, ScanResult result)
    {
        var mb = result.BytesScanned / 1_000_000.0;
        var counts = string.Join(", ", result.Findings.GroupBy(f => f.Risk).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {Label(g.Key)}"));
        var found = result.Findings.Count == 0 ? "no secrets found" : $"{result.Findings.Count} secret(s) found ({counts})";
        var incomplete = result.Incomplete ? $"; INCOMPLETE: {result.Unreadable.Count} file(s) could not be read" : string.Empty;
        w.WriteLine(FormattableString.Invariant($"{found}; {result.FilesScanned} file(s), {mb:F1} MB scanned, {result.BinaryFilesSkipped} binary skipped{incomplete}"));
        if (VendoredSkip(result) is { } skipped)
        {
            w.WriteLine(skipped);
        }
    }

    /// <summary><c>skipped N files in M vendored folders (--all to include)</c>, or null when none was skipped.</summary>
    public static string? VendoredSkip(ScanResult result) => result.VendoredFolders.Count == 0
        ? null
        : FormattableString.Invariant($"skipped {result.VendoredFilesSkipped} {(result.VendoredFilesSkipped == 1 ? "file" : "files")} in {result.VendoredFolders.Count} vendored {(result.VendoredFolders.Count == 1 ? "folder" : "folders")} (--all to include)");

    public static string Label(Risk risk) => risk switch
    {
        Risk.High => "HIGH",
        Risk.Low => "LOW",
        _ => "MEDIUM",
    };
}
