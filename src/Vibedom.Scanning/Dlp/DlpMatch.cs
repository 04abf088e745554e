namespace Vibedom.Scanning.Dlp;

/// <summary>One value found in a scanned text: its range (chars, or bytes for a body), rule and short hash. No value.</summary>
internal readonly record struct DlpMatch(string RuleId, DlpClass Class, bool High, int Start, int End, string Hash)
{
    public int Length => End - Start;
}
