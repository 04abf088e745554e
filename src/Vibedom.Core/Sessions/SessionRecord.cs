namespace Vibedom.Core.Sessions;

/// <summary>The contents of session.json: what was run where, and how it ended.</summary>
public sealed record SessionRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Workspace { get; init; }

    public required string Runtime { get; init; }

    public required IReadOnlyList<string> Command { get; init; }

    public SessionState State { get; init; } = SessionState.Created;

    public bool Detached { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public int? ExitCode { get; init; }

    /// <summary>Resource limits the session ran into, one sentence each (also in session.log and the summary).</summary>
    public IReadOnlyList<string> LimitsReached { get; init; } = [];

    /// <summary>
    /// How the session's runtime finds its sandbox again (to tell a dead session), as the runtime reported it when the
    /// sandbox started; opaque here, only that runtime reads it. None on a running record: the sandbox reads as gone.
    /// </summary>
    public string? RuntimeHandle { get; init; }

    /// <summary>Workspace-relative paths the agent's profile keeps out of diff and apply (its own bookkeeping, e.g. <c>.git/opencode</c>).</summary>
    public IReadOnlyList<string> ReviewIgnore { get; init; } = [];

    /// <summary>The agent state the sandbox has (its profile's shared state, or a private copy); its end clears set-id bits there.</summary>
    public Agents.AgentStateUse? AgentState { get; init; }

    /// <summary>Where the kernel kept the overlay's metadata (set when the sandbox starts); the change reader trusts only that namespace.</summary>
    public Workspace.OverlayXattrs? OverlayXattrs { get; init; }
}
