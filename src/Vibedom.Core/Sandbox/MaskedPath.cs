namespace Vibedom.Core.Sandbox;

/// <summary>A credential inside a mounted folder, hidden inside: an empty read-only file over a file, an empty tmpfs over a folder.</summary>
public sealed record MaskedPath(string Target, bool IsDirectory);
