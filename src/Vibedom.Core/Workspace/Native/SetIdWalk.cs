namespace Vibedom.Core.Workspace.Native;

/// <summary>
/// What <see cref="LibC.ClearSetId"/> did: how many set-id bits it cleared, and the parts of the tree it could not walk
/// (<see cref="Unwalked"/> of them; the first one's path relative to the root, raw bytes, and why).
/// </summary>
internal sealed record SetIdWalk(int Cleared, int Unwalked, byte[]? FirstUnwalked, string? Why);
