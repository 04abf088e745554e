namespace Vibedom.Core.Sandbox;

/// <summary>A session's sandbox as its runtime sees it: running, exited with a code, or gone.</summary>
public sealed record SandboxStatus(SandboxLiveness Liveness, int? ExitCode = null)
{
    public static SandboxStatus Running { get; } = new(SandboxLiveness.Running);

    public static SandboxStatus Gone { get; } = new(SandboxLiveness.Gone);

    public static SandboxStatus Exited(int code) => new(SandboxLiveness.Exited, code);
}
