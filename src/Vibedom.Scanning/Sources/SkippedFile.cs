namespace Vibedom.Scanning.Sources;

/// <summary>A file the scan could not read; the scan went on without it and is incomplete.</summary>
public sealed record SkippedFile(string File, string Reason)
{
    /// <summary>
    /// The skip for a read that failed with <paramref name="error"/>. .NET decodes a name that is not UTF-8 with U+FFFD in
    /// place of each bad byte, so the file is then "not found" under the name the walk listed: say why instead.
    /// </summary>
    public static SkippedFile Of(string file, Exception error) =>
        new(file, error is FileNotFoundException or DirectoryNotFoundException && file.Contains('\uFFFD', StringComparison.Ordinal)
            ? "its name is not valid UTF-8 (shown with \uFFFD), so vibedom cannot open it"
            : error.Message);
}
