using Vibedom.Core.Agents;
using Vibedom.Core.Home;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Agents;

/// <summary>
/// Set-id files the agent left in its state (as root they are stored as root: a root shell on the host) lose their
/// set-id bits before the next session; the walk never follows a symbolic link out of the state.
/// </summary>
public sealed class AgentStateSetIdTests
{
    private const UnixFileMode SetId = UnixFileMode.SetUser | UnixFileMode.SetGroup;

    private static readonly AgentProfile Profile = new("tiny") { State = ["~/.tiny/"] };

    private static readonly SeedValues Values = new("/work/proj", "/home/u", "tail");

    [Fact]
    public void Prepare_clears_the_set_id_bits_of_files_deep_in_the_state_and_keeps_the_rest_of_their_mode()
    {
        using var dir = new TempDirectory("agent-setid");
        var nested = Path.Combine(dir.Path, "agents", "tiny", ".tiny", "a", "b");
        Directory.CreateDirectory(nested);
        var shell = Path.Combine(nested, "rootsh");
        var top = Path.Combine(dir.Path, "agents", "tiny", ".tiny", "gsh");
        File.WriteAllText(shell, "#!/bin/sh\n");
        File.WriteAllText(top, "#!/bin/sh\n");
        File.SetUnixFileMode(shell, (UnixFileMode)0b110_111_101_101); // 6755
        File.SetUnixFileMode(top, (UnixFileMode)0b010_111_000_000); // 2700

        AgentState.Prepare(new VibedomHome(dir.Path), Profile, Values);

        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(shell));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(top));
    }

    [Fact]
    public void The_set_id_walk_does_not_follow_a_link_out_of_the_state()
    {
        using var dir = new TempDirectory("agent-setid");
        var outside = Path.Combine(dir.Path, "outside");
        Directory.CreateDirectory(outside);
        var victim = Path.Combine(outside, "tool");
        File.WriteAllText(victim, "#!/bin/sh\n");
        File.SetUnixFileMode(victim, (UnixFileMode)0b100_111_101_101); // 4755: the host's own
        var state = Path.Combine(dir.Path, "agents", "tiny", ".tiny");
        Directory.CreateDirectory(state);
        File.CreateSymbolicLink(Path.Combine(state, "linked-folder"), outside);
        File.CreateSymbolicLink(Path.Combine(state, "linked-file"), victim);

        AgentState.Prepare(new VibedomHome(dir.Path), Profile, Values);

        Assert.Equal(SetId & UnixFileMode.SetUser, File.GetUnixFileMode(victim) & SetId);
    }

    [Fact]
    public void ClearSetId_after_a_session_clears_what_the_agent_set_meanwhile()
    {
        using var dir = new TempDirectory("agent-setid");
        var home = new VibedomHome(dir.Path);
        var mounts = AgentState.Prepare(home, Profile, Values);
        var planted = Path.Combine(mounts[0].Source, "rootsh");
        File.WriteAllText(planted, "#!/bin/sh\n");
        File.SetUnixFileMode(planted, (UnixFileMode)0b110_111_101_101);

        AgentState.ClearSetId(home, Profile);

        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(planted) & SetId);
    }
}
