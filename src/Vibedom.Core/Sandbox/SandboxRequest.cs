using Vibedom.Core.Limits;
using Vibedom.Core.Sandbox.Commands;

namespace Vibedom.Core.Sandbox;

/// <summary>What to contain: a command on a workspace, writes going to the session's change layer.</summary>
public sealed record SandboxRequest
{
    public required string SessionId { get; init; }

    /// <summary>Absolute path of the workspace; it appears at this same path inside the sandbox.</summary>
    public required string Workspace { get; init; }

    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Where the agent's writes land (the overlay's upper layer, the session's <c>changes/</c>).</summary>
    public required string ChangesDirectory { get; init; }

    /// <summary>Scratch directory of the overlay (same file system as <see cref="ChangesDirectory"/>).</summary>
    public required string OverlayWorkDirectory { get; init; }

    /// <summary>The only route out (the egress proxy's socket); null means no network at all, only <c>lo</c>.</summary>
    public NetworkRoute? Network { get; init; }

    /// <summary>Variables added to the sandbox's otherwise cleared environment (CA bundle paths, credential sentinels).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How the command meets the terminal.</summary>
    public SandboxTerminal Terminal { get; init; } = SandboxTerminal.Inherit;

    /// <summary>
    /// Extra host paths shown read-only at the same path (tool installs such as ~/.local/bin or ~/.nvm,
    /// from config). Refused when they would expose what the policy hides (<see cref="SandboxPolicy.CheckReadOnlyMounts"/>).
    /// </summary>
    public IReadOnlyList<string> ReadOnlyMounts { get; init; } = [];

    /// <summary>
    /// The command as resolved on the host (<see cref="CommandResolver"/>): folders first on PATH, symlinks recreated, trees
    /// bound read-only at the same paths once <see cref="SandboxPolicy.CheckCommandMounts"/> accepted them.
    /// </summary>
    public CommandPlan CommandPlan { get; init; } = CommandPlan.None;

    /// <summary>An agent profile's state (writable, persistent), bound under the sandbox HOME after it is made.</summary>
    public IReadOnlyList<StateMount> StateMounts { get; init; } = [];

    /// <summary>Memory, processes, CPU and disk of the session; null: unbounded (tests of other properties).</summary>
    public ResourceLimits? Limits { get; init; }

    /// <summary>Host paths that must never be visible inside (VIBEDOM_HOME and its logs).</summary>
    public IReadOnlyList<string> HiddenPaths { get; init; } = [];

    /// <summary>
    /// Workspace-relative files hidden from the agent (chosen at the pre-flight review): each cannot be read inside (size 0) and
    /// cannot be written, removed, renamed or unmounted. Checked by <see cref="SandboxPolicy.CheckHiddenWorkspaceFiles"/>.
    /// </summary>
    public IReadOnlyList<string> HiddenWorkspaceFiles { get; init; } = [];
}
