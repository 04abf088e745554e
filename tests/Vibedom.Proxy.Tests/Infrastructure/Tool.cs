using Vibedom.Core.Processes;

namespace Vibedom.Proxy.Tests.Infrastructure;

internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs a real client program (curl, git) through vibedom's one process runner: argv list, cleared
/// environment (so no proxy variable from the developer's shell leaks in), a timeout.
/// </summary>
internal static class Tool
{
    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var spec = new ProcessSpec(fileName, arguments.ToList())
        {
            Environment = environment ?? new Dictionary<string, string>(),
            WorkingDirectory = workingDirectory,
            StandardInput = string.Empty,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        };
        var result = await ProcessRunner.Default.RunAsync(spec);
        if (result.TimedOut)
        {
            throw new TimeoutException($"{fileName} {string.Join(' ', spec.Arguments)} did not finish");
        }

        return new ToolResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
