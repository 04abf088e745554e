namespace Vibedom.Core.Agents;

/// <summary>
/// A profile's <c>credential = { env = "...", hosts = [...] }</c>: the agent's API key variable, bound as a
/// <c>[[credentials]]</c> entry (the sandbox holds a sentinel; the proxy swaps the real value in for <see cref="Hosts"/> only).
/// </summary>
public sealed record AgentCredential(string Env, IReadOnlyList<string> Hosts);
