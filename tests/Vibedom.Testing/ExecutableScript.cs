namespace Vibedom.Testing;

/// <summary>A small program for a test (a shell stand-in for an agent CLI, a tool on PATH): written with Unix line ends, mode 0755.</summary>
public static class ExecutableScript
{
    /// <summary>Writes <paramref name="text"/> (ending in one newline) to <paramref name="path"/>, making its folder, mode 0755; returns the path.</summary>
    public static string Write(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var unix = text.ReplaceLineEndings("\n");
        File.WriteAllText(path, unix.EndsWith('\n') ? unix : unix + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }
}
