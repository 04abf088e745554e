namespace Vibedom.Scanning.Rules;

/// <summary>A <c>[[rules.required]]</c> entry.</summary>
public sealed record RequiredRule(string RuleId, int? WithinLines, int? WithinColumns);
