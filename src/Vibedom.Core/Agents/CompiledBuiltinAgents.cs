namespace Vibedom.Core.Agents;

/// <summary>
/// The built-in agent profiles as code, generated from <c>Agents/Builtin/*.toml</c> (<c>CompiledBuiltinAgents.g.cs</c>):
/// a run builds them without Tomlyn or the profile reader. Used only while <see cref="SourceHash"/> is the hash the build
/// computed of the files they came from (<c>BuiltinAgentsSources</c>: the TOML files and the code that reads them); an
/// edited profile or reader makes the run parse the TOML again, never use stale profiles.
/// Regenerate: <c>VIBEDOM_REGENERATE_AGENTS=1</c> with <c>CompiledBuiltinAgentsTests</c>.
/// </summary>
internal static partial class CompiledBuiltinAgents
{
    /// <summary>True when the generated code came from the sources this build was made of.</summary>
    public static bool IsCurrent => string.Equals(SourceHash, BuiltinAgentsSources.Hash, StringComparison.OrdinalIgnoreCase);
}
