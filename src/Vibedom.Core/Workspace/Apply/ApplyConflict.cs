namespace Vibedom.Core.Workspace.Apply;

/// <summary>A change that was not applied, and why (the agent's version stays in changes/).</summary>
public sealed record ApplyConflict(WorkspaceChange Change, string Reason);
