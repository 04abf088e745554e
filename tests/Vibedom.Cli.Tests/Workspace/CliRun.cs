namespace Vibedom.Cli.Tests.Workspace;

/// <summary>What one in-process CLI run returned and printed.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error);
