namespace Vibedom.Core.Agents;

/// <summary>
/// The agent state a session's sandbox has (in session.json): the agent's shared state folder, held by this session
/// (<paramref name="Shared"/>), or this session's private copy in its session folder. What the end of the session
/// clears set-id bits in (the session host of a detached one, `stop`).
/// </summary>
public sealed record AgentStateUse(string Agent, string Root, bool Shared);
