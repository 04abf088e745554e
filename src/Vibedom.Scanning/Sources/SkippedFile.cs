namespace Vibedom.Scanning.Sources;

/// <summary>A file the scan could not read; the scan went on without it and is incomplete.</summary>
public sealed record SkippedFile(string File, string Reason);
