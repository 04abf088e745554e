namespace Vibedom.Testing.Agents;

/// <summary>The agent CLIs the tests run, with their versions pinned here and nowhere else (docs/agents.md says what each needs).</summary>
public static class AgentVersions
{
    public static AgentPackage ClaudeCode { get; } = new("claude", "@anthropic-ai/claude-code", "2.1.332", "claude");

    public static AgentPackage Codex { get; } = new("codex", "@openai/codex", "0.171.0", "codex");

    public static AgentPackage OpenCode { get; } = new("opencode", "opencode-ai", "1.18.33", "opencode");

    public static IReadOnlyList<AgentPackage> All { get; } = [ClaudeCode, Codex, OpenCode];
}
