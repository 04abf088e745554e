namespace Vibedom.Core.Sandbox;

/// <summary>
/// A credential at or under a mounted folder, never visible inside, whether it is there when the session starts or not: an empty read-only
/// file over a file, an empty tmpfs over a folder, nothing when absent (<see cref="ReadOnlyStepKind"/>).
/// </summary>
/// <param name="Target">Its path inside.</param>
/// <param name="IsDirectory">True when it is a folder on the host as the session starts (false when absent).</param>
public sealed record MaskedPath(string Target, bool IsDirectory);
