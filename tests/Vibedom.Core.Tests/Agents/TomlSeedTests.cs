using Vibedom.Core.Agents;
using Vibedom.Core.Config;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Agents;

/// <summary>
/// A TOML state file (Codex's config.toml) seeded key by key: the codex profile turns Codex's own sandbox off before
/// every session, whatever the agent left there, and keeps the rest of the file; never through a link.
/// </summary>
public sealed class TomlSeedTests
{
    private static readonly SeedValues Values = new("/work/proj", "/home/u", "TAIL") { Credential = "SENTINEL" };

    /// <summary>What the codex profile writes into a fresh config.toml: its sandbox off, the workspace trusted.</summary>
    private const string Fresh = "sandbox_mode = \"danger-full-access\"\n\n[projects.\"/work/proj\"]\ntrust_level = \"trusted\"\n";

    private static AgentProfile Codex => AgentProfiles.Of(VibedomConfig.Default).ForCommand("codex")!;

    [Fact]
    public void The_codex_profile_writes_its_sandbox_off_and_the_workspace_trusted_into_a_fresh_state()
    {
        using var dir = new TempDirectory("toml-seed");

        AgentState.Prepare(new VibedomHome(dir.Path), Codex, Values);

        var config = File.ReadAllText(Path.Combine(dir.Path, "agents", "codex", ".codex", "config.toml"));
        Assert.Equal(Fresh, config);
    }

    [Fact]
    public void The_agent_turning_its_sandbox_back_on_is_undone_and_its_other_settings_kept()
    {
        using var dir = new TempDirectory("toml-seed");
        var file = Path.Combine(dir.Path, "agents", "codex", ".codex", "config.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "# mine\nmodel = \"gpt-5\"\nsandbox_mode = \"workspace-write\"\n\n[projects.\"/work/proj\"]\ntrust_level = \"trusted\"\nsandbox_mode = \"x\"\n");

        AgentState.Prepare(new VibedomHome(dir.Path), Codex, Values);

        Assert.Equal(
            "# mine\nmodel = \"gpt-5\"\nsandbox_mode = \"danger-full-access\"\n\n[projects.\"/work/proj\"]\ntrust_level = \"trusted\"\nsandbox_mode = \"x\"\n",
            File.ReadAllText(file));
    }

    [Fact]
    public void A_config_that_is_not_toml_is_moved_aside_and_a_link_is_refused()
    {
        using var dir = new TempDirectory("toml-seed");
        var folder = Path.Combine(dir.Path, "agents", "codex", ".codex");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "config.toml");
        File.WriteAllText(file, "model = \n[[[");

        AgentState.Prepare(new VibedomHome(dir.Path), Codex, Values);

        Assert.Equal(Fresh, File.ReadAllText(file));
        Assert.Equal("model = \n[[[", File.ReadAllText(Assert.Single(Directory.GetFiles(folder, "config.toml.invalid-*"))));

        var victim = Path.Combine(dir.Path, "victim.toml");
        File.WriteAllText(victim, "mine = 1\n");
        File.Delete(file);
        File.CreateSymbolicLink(file, victim);
        var e = Assert.Throws<VibedomException>(() => AgentState.Prepare(new VibedomHome(dir.Path), Codex, Values));
        Assert.Contains("config.toml is a symbolic link", e.Message, StringComparison.Ordinal);
        Assert.Equal("mine = 1\n", File.ReadAllText(victim));
    }

    [Fact]
    public void A_folder_the_agent_left_at_the_config_path_is_moved_aside_with_its_contents()
    {
        using var dir = new TempDirectory("toml-seed");
        var folder = Path.Combine(dir.Path, "agents", "codex", ".codex", "config.toml");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "kept"), "x");

        AgentState.Prepare(new VibedomHome(dir.Path), Codex, Values);

        Assert.Equal(Fresh, File.ReadAllText(folder));
        var aside = Assert.Single(Directory.GetDirectories(Path.GetDirectoryName(folder)!, "config.toml.invalid-*"));
        Assert.Equal("x", File.ReadAllText(Path.Combine(aside, "kept")));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(folder)!, "*.vibedom-*"));
    }

    [Fact]
    public void The_workspace_the_agent_left_untrusted_is_trusted_again_and_its_other_projects_kept()
    {
        using var dir = new TempDirectory("toml-seed");
        var file = Path.Combine(dir.Path, "agents", "codex", ".codex", "config.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "[projects.\"/other\"]\ntrust_level = \"untrusted\"\n\n[projects.'/work/proj']\nmine = 1\ntrust_level = \"untrusted\"\n[tui]\nx = 1\n");

        AgentState.Prepare(new VibedomHome(dir.Path), Codex, Values);

        Assert.Equal(
            "sandbox_mode = \"danger-full-access\"\n[projects.\"/other\"]\ntrust_level = \"untrusted\"\n\n[projects.'/work/proj']\nmine = 1\ntrust_level = \"trusted\"\n[tui]\nx = 1\n",
            File.ReadAllText(file));
    }

    [Fact]
    public void A_projects_table_the_agent_wrote_inline_is_left_as_it_is_never_defined_twice()
    {
        using var dir = new TempDirectory("toml-seed");
        var file = Path.Combine(dir.Path, "agents", "codex", ".codex", "config.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "projects = { \"/work/proj\" = { trust_level = \"untrusted\" } }\n");

        AgentState.Prepare(new VibedomHome(dir.Path), Codex, Values);

        var merged = File.ReadAllText(file);
        Assert.Equal("sandbox_mode = \"danger-full-access\"\nprojects = { \"/work/proj\" = { trust_level = \"untrusted\" } }\n", merged);
        Assert.False(Tomlyn.Parsing.SyntaxParser.Parse(merged, "merged", validate: true).HasErrors);
    }

    [Fact]
    public void The_codex_profile_gives_its_tui_the_sessions_sentinel_in_auth_json_and_keeps_its_other_keys()
    {
        using var dir = new TempDirectory("toml-seed");
        var file = Path.Combine(dir.Path, "agents", "codex", ".codex", "auth.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "{ \"OPENAI_API_KEY\": \"OLD-SENTINEL\", \"tokens\": null }");

        AgentState.Prepare(new VibedomHome(dir.Path), Codex, Values);

        var auth = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        Assert.Equal("SENTINEL", auth["OPENAI_API_KEY"]!.GetValue<string>());
        Assert.Equal("apikey", auth["auth_mode"]!.GetValue<string>());
        Assert.True(auth.ContainsKey("tokens"));
    }

    [Fact]
    public void A_toml_seed_with_an_array_of_tables_or_bad_syntax_is_a_config_error_at_file_line_col()
    {
        var (_, errors) = ConfigLoader.Parse("[agents.codex.seed]\n\"~/.codex/config.toml\" = \'\'\'\n[[x]]\na = 1\n\'\'\'\n", "c.toml");
        var (_, table) = ConfigLoader.Parse("[agents.codex.seed]\n\"~/.codex/config.toml\" = \'\'\'\n[x]\na = 1\n\'\'\'\n", "c.toml");
        var (_, bad) = ConfigLoader.Parse("[agents.codex.seed]\n\"~/.codex/config.toml\" = 'a = '\n", "c.toml");

        Assert.Contains(errors, e => e.Line == 2 && e.Problem.Contains("not [[arrays of tables]]", StringComparison.Ordinal));
        Assert.Empty(table);
        Assert.Contains(bad, e => e.Line == 2 && e.Problem.Contains("key = value", StringComparison.Ordinal));
    }
}
