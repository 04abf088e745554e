using Vibedom.Core.Limits;

namespace Vibedom.Core.Sandbox;

/// <summary>
/// A runtime's complete, inspectable plan for one sandbox: the host argv that starts it, the
/// environment the sandboxed command sees, the mounts as a list, and the small files the runtime
/// writes before starting (host path, content). Built by a pure function and unit-tested exactly.
/// </summary>
public sealed record SandboxPlan
{
    public required string Runtime { get; init; }

    public required string SessionId { get; init; }

    public required string Workspace { get; init; }

    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The host program that starts the sandbox, and its arguments.</summary>
    public required string FileName { get; init; }

    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The whole environment of the sandboxed command (nothing else is inherited).</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public required IReadOnlyList<SandboxMount> Mounts { get; init; }

    /// <summary>Files the runtime writes on the host before start (for example the sandbox's /etc/passwd).</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>The uid and gid the command runs as inside (never 0).</summary>
    public required int SandboxUid { get; init; }

    public required int SandboxGid { get; init; }

    public NetworkRoute? Network { get; init; }

    /// <summary>The session's resource limits (the runtime enforces what the machine allows); null: none.</summary>
    public ResourceLimits? Limits { get; init; }

    public SandboxTerminal Terminal { get; init; }

    /// <summary>argv as one line, for logs and <c>--dry-run</c> style output.</summary>
    public override string ToString() => string.Join(' ', Arguments.Prepend(FileName));
}
