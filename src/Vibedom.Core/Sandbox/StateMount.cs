namespace Vibedom.Core.Sandbox;

/// <summary>
/// An agent's persistent state (see <c>Core/Agents</c>): a host folder or file under <c>~/.vibedom/agents/NAME/</c>,
/// shown WRITABLE at <paramref name="HomeRelative"/> under the sandbox HOME (e.g. <c>.claude</c>). Agent-writable and
/// kept across sessions: host-side code reads it as hostile input (docs/SECURITY.md).
/// </summary>
public sealed record StateMount(string Source, string HomeRelative);
