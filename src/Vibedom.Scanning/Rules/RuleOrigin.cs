namespace Vibedom.Scanning.Rules;

/// <summary>Where a rule was written (its table and its secretGroup), and whether its pattern already failed to compile.</summary>
internal sealed record RuleOrigin(string File, long Line, long Column, long SecretGroupLine, long SecretGroupColumn, bool PatternFailed);
