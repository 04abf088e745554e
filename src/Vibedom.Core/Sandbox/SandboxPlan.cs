using Vibedom.Core.Errors;
using Vibedom.Core.Limits;

namespace Vibedom.Core.Sandbox;

/// <summary>
/// A runtime's complete, inspectable plan for one sandbox. The common part, the same shape for every runtime: the
/// environment the sandboxed command sees, the mounts with their kinds, the network route, the identity inside, limits and
/// terminal. The runtime-specific part is <see cref="Launch"/> (for the namespace runtime, the host argv). Built by a pure
/// function from a <see cref="SandboxRequest"/> and <see cref="SandboxPolicy"/>, and unit-tested exactly.
/// </summary>
public sealed record SandboxPlan
{
    public required string Runtime { get; init; }

    public required string SessionId { get; init; }

    public required string Workspace { get; init; }

    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The whole environment of the sandboxed command (nothing else is inherited).</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public required IReadOnlyList<SandboxMount> Mounts { get; init; }

    /// <summary>The uid and gid the command runs as inside (never 0).</summary>
    public required int SandboxUid { get; init; }

    public required int SandboxGid { get; init; }

    public NetworkRoute? Network { get; init; }

    /// <summary>The session's resource limits (the runtime enforces what the machine allows); null: none.</summary>
    public ResourceLimits? Limits { get; init; }

    public SandboxTerminal Terminal { get; init; }

    /// <summary>The runtime-specific part (what <see cref="Runtime"/> alone acts on).</summary>
    public required RuntimePlan Launch { get; init; }

    /// <summary>The runtime-specific part as the runtime's own type.</summary>
    /// <exception cref="VibedomException">The plan was made by another runtime.</exception>
    public T LaunchAs<T>()
        where T : RuntimePlan =>
        Launch as T ?? throw VibedomException.Failed($"a plan of the {Runtime} runtime ({Launch.GetType().Name}) cannot be run as {typeof(T).Name}");

    /// <summary>The launch as one line, for logs and <c>--dry-run</c> style output.</summary>
    public override string ToString() => Launch.Describe();
}
