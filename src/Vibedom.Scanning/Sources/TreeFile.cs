namespace Vibedom.Scanning.Sources;

/// <summary>A regular file the walk found: its full path (to open) and the path reported and matched by path rules.</summary>
internal readonly record struct TreeFile(string FullPath, string Relative);
