namespace Vibedom.Testing.Agents;

/// <summary>One agent CLI as the tests install it from npm: its package, pinned version and command.</summary>
public sealed record AgentPackage(string Name, string Package, string Version, string Command)
{
    /// <summary>The cache folder's name for this package and version (<c>anthropic-ai-claude-code@2.1.332</c>).</summary>
    public string FolderName => $"{Package.TrimStart('@').Replace('/', '-')}@{Version}";

    public override string ToString() => $"{Package}@{Version}";
}
