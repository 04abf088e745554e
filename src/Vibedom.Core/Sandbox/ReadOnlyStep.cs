namespace Vibedom.Core.Sandbox;

/// <summary>One step of showing a checked read-only mount inside the sandbox (<see cref="CheckedMount.Steps"/>), in order.</summary>
/// <param name="Kind">What the step makes.</param>
/// <param name="Target">Path inside the sandbox.</param>
/// <param name="Source">The host path bound (<see cref="ReadOnlyStepKind.Bind"/>) or the link's text (<see cref="ReadOnlyStepKind.Link"/>); else null.</param>
public sealed record ReadOnlyStep(ReadOnlyStepKind Kind, string Target, string? Source = null);
