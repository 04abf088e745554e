using Vibedom.Core.Agents;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Agents;

/// <summary>
/// The set-id walk never stops at a part of the state it cannot walk: everything reachable is cleared first, then the
/// part is refused by its exact path in one line (the next session too, until the user removes it).
/// </summary>
public sealed class AgentStateSetIdWalkTests
{
    private const UnixFileMode SetId = UnixFileMode.SetUser | UnixFileMode.SetGroup;

    private static readonly AgentProfile Profile = new("tiny") { State = ["~/.tiny/"] };

    private static readonly SeedValues Values = new("/work/proj", "/home/u", "tail");

    [Fact]
    public void A_set_id_file_five_hundred_folders_deep_is_cleared()
    {
        using var dir = new TempDirectory("agent-setid-deep");
        var folder = Path.Combine([dir.Path, "agents", "tiny", ".tiny", .. Enumerable.Repeat("d", 500)]);
        Directory.CreateDirectory(folder);
        var shell = Plant(Path.Combine(folder, "rootsh"));

        AgentState.ClearSetId(Path.Combine(dir.Path, "agents", "tiny"));

        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(shell) & SetId);
    }

    [Fact]
    public void A_folder_too_deep_to_walk_is_refused_by_its_exact_path_in_one_line_after_everything_else_was_cleared()
    {
        using var dir = new TempDirectory("agent-setid-walk");
        var home = new VibedomHome(dir.Path);
        var state = AgentState.Prepare(home, Profile, Values)[0].Source;
        var before = Plant(Path.Combine(state, "a", "rootsh"));
        var after = Plant(Path.Combine(state, "z", "rootsh"));
        var odd = "x\ny\u001b[2J";
        Directory.CreateDirectory(Path.Combine([state, odd, .. Enumerable.Repeat("d", 1100)])); // deeper than the walk holds open

        var ended = Assert.Throws<VibedomException>(() => AgentState.ClearSetId(home, Profile)); // a session's end
        var next = Assert.Throws<VibedomException>(() => AgentState.Prepare(home, Profile, Values)); // the next session

        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(before) & SetId);
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(after) & SetId);
        var shown = Path.Combine([state, "x\\x0ay\\x1b[2J", .. Enumerable.Repeat("d", 1023)]);
        foreach (var refused in new[] { ended, next })
        {
            Assert.Equal(2, refused.ExitCode);
            Assert.DoesNotContain('\n', refused.Message);
            Assert.DoesNotContain('\u001b', refused.Message);
            Assert.Contains($"agent state {shown} cannot be checked for set-id files (folders nested deeper than 1024)", refused.Message, StringComparison.Ordinal);
            Assert.Contains("remove it", refused.Message, StringComparison.Ordinal);
        }

        Directory.Delete(Path.Combine(state, odd), recursive: true); // what the message asks for

        Assert.Single(AgentState.Prepare(home, Profile, Values));
    }

    private static string Plant(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b110_111_101_101); // 6755
        return path;
    }
}
