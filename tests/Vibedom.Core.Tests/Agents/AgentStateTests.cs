using Vibedom.Core.Agents;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Agents;

/// <summary>State made and seeded on the host from what the agent left: merged, never through a link, bad JSON moved aside.</summary>
public sealed class AgentStateTests
{
    private static readonly AgentProfile Profile = new("tiny")
    {
        State = ["~/.tiny/", "~/.tiny.json"],
        Seed = new Dictionary<string, string>
        {
            ["~/.tiny.json"] = """{"done": true, "approved": ["${credential_tail}"], "projects": {"${workspace}": {"trusted": true}}}""",
            ["~/.tiny/settings.json"] = """{"sandbox": {"enabled": false}}""",
        },
    };

    private static readonly SeedValues Values = new("/work/my \"proj\"", "/home/u", "TAIL-OF-THE-SENTINEL");

    [Fact]
    public void Prepare_makes_private_state_and_merges_the_seed_into_what_the_agent_kept()
    {
        using var dir = new TempDirectory("agent-state");
        var home = new VibedomHome(dir.Path);
        var root = Path.Combine(dir.Path, "agents", "tiny");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, ".tiny.json"), """{"numStartups": 7, "approved": ["old"], "projects": {"/other": {"trusted": false}}}""");

        var mounts = AgentState.Prepare(home, Profile, Values);

        Assert.Equal([new(Path.Combine(root, ".tiny"), ".tiny"), new(Path.Combine(root, ".tiny.json"), ".tiny.json")], mounts);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(root, ".tiny")));
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(root, ".tiny.json")))!;
        Assert.Equal(7, (int)json["numStartups"]!);
        Assert.True((bool)json["done"]!);
        Assert.Equal("TAIL-OF-THE-SENTINEL", (string)json["approved"]![0]!);
        Assert.Single(json["approved"]!.AsArray());
        Assert.True((bool)json["projects"]!["/work/my \"proj\""]!["trusted"]!);
        Assert.False((bool)json["projects"]!["/other"]!["trusted"]!);
        Assert.Equal("""{"sandbox":{"enabled":false}}""", File.ReadAllText(Path.Combine(root, ".tiny", "settings.json")).Replace(" ", string.Empty, StringComparison.Ordinal).ReplaceLineEndings(string.Empty));
    }

    [Fact]
    public void A_seeded_file_the_agent_replaced_by_a_link_is_refused_and_its_target_untouched()
    {
        using var dir = new TempDirectory("agent-state");
        var root = Path.Combine(dir.Path, "agents", "tiny");
        Directory.CreateDirectory(Path.Combine(root, ".tiny"));
        var victim = Path.Combine(dir.Path, "victim.json");
        File.WriteAllText(victim, "{\"mine\": 1}");
        File.CreateSymbolicLink(Path.Combine(root, ".tiny", "settings.json"), victim);

        var e = Assert.Throws<VibedomException>(() => AgentState.Prepare(new VibedomHome(dir.Path), Profile, Values));

        Assert.Contains("settings.json is a symbolic link; refusing to use it", e.Message, StringComparison.Ordinal);
        Assert.Equal("{\"mine\": 1}", File.ReadAllText(victim));
    }

    [Fact]
    public void A_state_folder_the_agent_replaced_by_a_link_is_refused()
    {
        using var dir = new TempDirectory("agent-state");
        var root = Path.Combine(dir.Path, "agents", "tiny");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(Path.Combine(dir.Path, "elsewhere"));
        File.CreateSymbolicLink(Path.Combine(root, ".tiny"), Path.Combine(dir.Path, "elsewhere"));

        var e = Assert.Throws<VibedomException>(() => AgentState.Prepare(new VibedomHome(dir.Path), Profile, Values));

        Assert.Contains(".tiny is a symbolic link", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dir.Path, "elsewhere")));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"open\": ")]
    [InlineData("{\"projects\": {\"a\": 1, \"a\": 2}}")]
    [InlineData("{\"done\": false, \"done\": false}")]
    public void A_state_file_that_is_not_a_json_object_is_moved_aside_not_lost_and_the_seed_written(string content)
    {
        using var dir = new TempDirectory("agent-state");
        var root = Path.Combine(dir.Path, "agents", "tiny");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, ".tiny.json"), content);

        AgentState.Prepare(new VibedomHome(dir.Path), Profile, Values);

        var aside = Assert.Single(Directory.GetFiles(root, ".tiny.json.invalid-*"));
        Assert.Equal(content, File.ReadAllText(aside));
        Assert.Contains("\"done\": true", File.ReadAllText(Path.Combine(root, ".tiny.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_the_agent_left_at_a_seeded_path_is_moved_aside_with_its_files_and_the_seed_written()
    {
        using var dir = new TempDirectory("agent-state");
        var root = Path.Combine(dir.Path, "agents", "tiny");
        Directory.CreateDirectory(Path.Combine(root, ".tiny.json"));
        File.WriteAllText(Path.Combine(root, ".tiny.json", "kept"), "mine");

        AgentState.Prepare(new VibedomHome(dir.Path), Profile, Values);

        var aside = Assert.Single(Directory.GetDirectories(root, ".tiny.json.invalid-*"));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(aside, "kept")));
        Assert.Contains("\"done\": true", File.ReadAllText(Path.Combine(root, ".tiny.json")), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(root, "*.vibedom-*"));
    }
}
