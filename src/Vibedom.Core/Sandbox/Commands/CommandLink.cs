namespace Vibedom.Core.Sandbox.Commands;

/// <summary>A host symlink recreated inside the sandbox at the same path, with the same target text.</summary>
public sealed record CommandLink(string Path, string Target);
