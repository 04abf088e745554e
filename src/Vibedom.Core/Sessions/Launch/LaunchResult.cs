namespace Vibedom.Core.Sessions.Launch;

/// <summary>How a launch ended: a foreground command's exit status, or a detached session left running.</summary>
public sealed record LaunchResult(Session Session, int ExitCode, bool Detached);
