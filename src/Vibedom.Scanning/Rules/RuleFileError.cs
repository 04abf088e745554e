namespace Vibedom.Scanning.Rules;

/// <summary>One problem in a rule file, located as <c>file(line,col)</c> (1-based).</summary>
public sealed record RuleFileError(string File, long Line, long Column, string? RuleId, string Problem)
{
    public override string ToString() =>
        RuleId is null ? $"{File}({Line},{Column}): {Problem}" : $"{File}({Line},{Column}): {RuleId}: {Problem}";
}
