namespace Vibedom.Scanning.Sources;

/// <summary>One entry of a folder as the scan's walk needs it: its name and what the walk does with it.</summary>
public readonly record struct TreeEntry(string Name, TreeEntryKind Kind);
