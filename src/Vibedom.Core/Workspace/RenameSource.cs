namespace Vibedom.Core.Workspace;

/// <summary>
/// Where an added file came from when the agent renamed it: the deleted path, its state in the workspace (the
/// old side of the diff) and how much of its content survived (100: the same bytes), as git reports a rename.
/// </summary>
public sealed record RenameSource(string Path, EntryState Before, int Similarity);
