namespace Vibedom.Core.Errors;

/// <summary>
/// An error that reaches the user as one line on stderr and an exit code; never a stack trace.
/// The static factories own the wording, so the same problem always reads the same.
/// </summary>
public sealed class VibedomException : Exception
{
    private VibedomException(string message, int exitCode, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    public int ExitCode { get; }

    public static VibedomException Usage(string message) => new(message, ExitCodes.UsageOrConfig);

    public static VibedomException Config(string file, long line, long column, string problem) =>
        new($"{file}({line},{column}): {problem}", ExitCodes.UsageOrConfig);

    public static VibedomException Config(string message) => new(message, ExitCodes.UsageOrConfig);

    public static VibedomException Prerequisite(string message) => new(message, ExitCodes.RuntimeUnavailable);

    public static VibedomException Failed(string message, Exception? inner = null) => new(message, ExitCodes.Error, inner);

    public static VibedomException Conflict(string message) => new(message, ExitCodes.ApplyConflict);

    public static VibedomException Cancelled(string message) => new(message, ExitCodes.Cancelled);

    public static VibedomException WithCode(string message, int exitCode) => new(message, exitCode);
}
