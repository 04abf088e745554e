namespace Vibedom.Core.Sandbox;

/// <summary>One entry of the sandbox's file system view, in mount order.</summary>
/// <param name="Kind">What is mounted.</param>
/// <param name="Target">Path inside the sandbox.</param>
/// <param name="Source">Host path (binds, overlay lower) or symlink target; null for fresh file systems.</param>
public sealed record SandboxMount(SandboxMountKind Kind, string Target, string? Source = null)
{
    public override string ToString() => Source is null ? $"{Kind} {Target}" : $"{Kind} {Source} -> {Target}";
}
