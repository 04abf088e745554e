namespace Vibedom.Core.Agents;

/// <summary>
/// A profile's <c>credential = { env = "...", hosts = [...], fallback = [...] }</c>: the agent's API key variable, bound as a
/// <c>[[credentials]]</c> entry (the sandbox holds a sentinel; the proxy swaps the real value in for <see cref="Hosts"/> only).
/// When <see cref="Env"/> is unset on the host, the value is read from the first <see cref="Fallback"/> variable that is set
/// (Codex's <c>CODEX_API_KEY</c>, else the <c>OPENAI_API_KEY</c> an OpenAI user has); inside it is always <see cref="Env"/>.
/// </summary>
public sealed record AgentCredential(string Env, IReadOnlyList<string> Hosts)
{
    /// <summary>Host variables read, in order, when <see cref="Env"/> is unset.</summary>
    public IReadOnlyList<string> Fallback { get; init; } = [];

    /// <summary><see cref="Env"/>, then <see cref="Fallback"/>: every host variable the key may come from.</summary>
    public IReadOnlyList<string> Sources => [Env, .. Fallback.Where(f => f != Env)];
}
