using Vibedom.Core.Agents;
using Vibedom.Core.Errors;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.RedTeam;

/// <summary>
/// Red team (redteam2): state files the agent rewrote between sessions, as the host merges a profile's seed into them
/// before the next one. Bad input must end in one documented line (VibedomException) or be moved aside, never an
/// internal error, and leave nothing behind. These claims FAIL on the code as merged.
/// </summary>
public sealed class AgentSeedAttackTests
{
    private static readonly SeedValues Values = new("/work/proj", "/home/agent", "tail");

    [Fact]
    public void A_state_file_with_a_duplicate_key_is_moved_aside_and_the_seed_written()
    {
        using var dir = new TempDirectory("rt2-seed");
        var path = dir.Combine(".claude.json");
        File.WriteAllText(path, "{\"projects\": {\"a\": 1, \"a\": 2}, \"x\": 1, \"x\": 2}");

        var thrown = Record.Exception(() => AgentSeed.Merge(path, "{\"hasCompletedOnboarding\": true, \"projects\": {\"b\": {}}}", Values));

        Assert.True(thrown is null or VibedomException, $"an internal error, not one line: {thrown?.GetType().Name}: {thrown?.Message}");
    }

    [Fact]
    public void A_folder_the_agent_left_at_a_seed_path_gives_one_line_and_leaves_no_temporary_file()
    {
        using var dir = new TempDirectory("rt2-seed");
        var path = dir.Combine("settings.json");
        Directory.CreateDirectory(path);

        var thrown = Record.Exception(() => AgentSeed.Merge(path, "{\"sandbox\": {\"enabled\": false}}", Values));

        Assert.Empty(Directory.GetFiles(dir.Path, "settings.json.vibedom-*"));
        Assert.True(thrown is null or VibedomException, $"not a configuration error: {thrown?.GetType().Name}: {thrown?.Message}");
    }
}
