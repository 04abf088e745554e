using Vibedom.Core.Agents;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Agents;

/// <summary>
/// The built-in agent profiles compiled into the binary (<see cref="CompiledBuiltinAgents"/>) are the TOML files', field by
/// field, and a run uses them instead of parsing. After editing a built-in profile or the code that reads it, regenerate:
/// <c>VIBEDOM_REGENERATE_AGENTS=1 CI=true artifacts/bin/Vibedom.Core.Tests/release/Vibedom.Core.Tests
/// -class Vibedom.Core.Tests.Agents.CompiledBuiltinAgentsTests</c>, then rebuild.
/// </summary>
public sealed class CompiledBuiltinAgentsTests
{
    private static string GeneratedFile => Path.Combine(RepositoryRoot.Path, "src", "Vibedom.Core", "Agents", "CompiledBuiltinAgents.g.cs");

    [Fact]
    public void Compiled_builtin_agents_are_generated_from_the_sources_this_build_was_made_of()
    {
        var expected = CompiledBuiltinAgentsWriter.Write(AgentProfiles.ParseBuiltin(), BuiltinAgentsSources.Hash);
        if (Environment.GetEnvironmentVariable("VIBEDOM_REGENERATE_AGENTS") == "1")
        {
            File.WriteAllText(GeneratedFile, expected);
            return;
        }

        Assert.True(CompiledBuiltinAgents.IsCurrent, "CompiledBuiltinAgents.g.cs is stale: regenerate it (see this class's summary)");
        Assert.Equal(expected, File.ReadAllText(GeneratedFile));
    }

    [Fact]
    public void Compiled_builtin_agents_equal_the_parsed_toml_field_by_field()
    {
        Assert.Equal(CompiledBuiltinAgentsWriter.TableFields.Order(), typeof(AgentProfileTable).GetProperties().Select(p => p.Name).Order());
        Assert.Equal(CompiledBuiltinAgentsWriter.CredentialFields.Order(), typeof(AgentCredential).GetProperties().Select(p => p.Name).Order());

        var parsed = AgentProfiles.ParseBuiltin();
        var compiled = CompiledBuiltinAgents.Build();

        Assert.Equal(CompiledBuiltinAgentsWriter.Write(parsed, "h"), CompiledBuiltinAgentsWriter.Write(compiled, "h"));
        Assert.Equal(parsed.Select(t => t.Name), AgentProfiles.BuiltinNames);
    }

    [Fact]
    public void Building_the_compiled_profiles_allocates_under_a_tenth_of_parsing_their_toml()
    {
        Assert.True(CompiledBuiltinAgents.IsCurrent);
        _ = AgentProfiles.ParseBuiltin(); // warm: the embedded texts, Tomlyn's and the reader's type initialisers
        _ = CompiledBuiltinAgents.Build();

        var parse = Allocated(() => AgentProfiles.ParseBuiltin());
        var build = Allocated(() => CompiledBuiltinAgents.Build());

        Assert.True(build * 10 < parse, $"building the compiled profiles allocated {build} bytes, parsing them {parse}");
    }

    private static long Allocated(Func<List<AgentProfileTable>> load)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(load());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
