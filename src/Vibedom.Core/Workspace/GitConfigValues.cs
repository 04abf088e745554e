namespace Vibedom.Core.Workspace;

/// <summary>
/// The values a git config variable takes in a file and its includes; <paramref name="Unsure"/> when part of them
/// could not be read with certainty (the variable may then hold any value).
/// </summary>
internal sealed record GitConfigValues(IReadOnlyList<string> Values, bool Unsure);
