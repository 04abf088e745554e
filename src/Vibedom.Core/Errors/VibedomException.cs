namespace Vibedom.Core.Errors;

/// <summary>
/// An error that reaches the user as one line on stderr and an exit code; never a stack trace.
/// The static factories own the wording, so the same problem always reads the same.
/// </summary>
public sealed class VibedomException : Exception
{
    private VibedomException(string message, int exitCode, Exception? inner = null, IReadOnlyList<string>? lines = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
        Lines = lines ?? [message];
    }

    public int ExitCode { get; }

    /// <summary>What the user reads, one stderr line each (escaped one by one, so no text inside a line can start another).</summary>
    public IReadOnlyList<string> Lines { get; }

    public static VibedomException Usage(string message) => new(message, ExitCodes.UsageOrConfig);

    public static VibedomException Config(string file, long line, long column, string problem) =>
        new($"{file}({line},{column}): {problem}", ExitCodes.UsageOrConfig);

    public static VibedomException Config(string message) => new(message, ExitCodes.UsageOrConfig);

    /// <summary>Every error a file has, each on its own line (<c>file(line,col): problem</c>).</summary>
    public static VibedomException Config(IReadOnlyList<string> errors) =>
        new(string.Join('\n', errors), ExitCodes.UsageOrConfig, lines: errors);

    public static VibedomException Prerequisite(string message) => new(message, ExitCodes.RuntimeUnavailable);

    public static VibedomException Failed(string message, Exception? inner = null) => new(message, ExitCodes.Error, inner);

    public static VibedomException Conflict(string message) => new(message, ExitCodes.ApplyConflict);

    public static VibedomException Cancelled(string message) => new(message, ExitCodes.Cancelled);

    public static VibedomException WithCode(string message, int exitCode) => new(message, exitCode);
}
