using Vibedom.Scanning.Rules;
using Vibedom.Scanning.Sources;

namespace Vibedom.Cli.Rendering;

/// <summary>Writes a scan result in one of the report formats; none of them contains a secret value.</summary>
internal static class FindingsReport
{
    public static void Write(TextWriter writer, string format, ScanResult result, RuleSet rules)
    {
        switch (format)
        {
            case "json":
                FindingsJson.Write(writer, result);
                break;
            case "sarif":
                FindingsSarif.Write(writer, result, rules);
                break;
            case "summary":
                FindingsText.WriteSummary(writer, result);
                break;
            default:
                FindingsText.Write(writer, result);
                break;
        }

        writer.Flush();
    }
}
