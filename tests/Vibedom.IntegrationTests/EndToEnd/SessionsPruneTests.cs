using System.Text.Json;
using Vibedom.Testing;
using Vibedom.Testing.Terminal;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary><c>vibedom sessions --prune</c> and session names several sessions share, through the real binary.</summary>
public sealed class SessionsPruneTests
{
    [Fact]
    public async Task Prune_removes_applied_discarded_and_empty_sessions_and_keeps_unapplied_ones_until_yes()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var outside = Path.Combine(vibedom.Root, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "precious.txt"), "keep me\n");

        var applied = await RunAsync(vibedom, workspace, "applied", "echo 1 > one.txt");
        Assert.Equal(0, (await vibedom.RunAsync("apply", applied, "--yes")).ExitCode);
        var discarded = await RunAsync(vibedom, workspace, "discarded", "echo 2 > two.txt");
        Assert.Equal(0, (await vibedom.RunAsync("discard", discarded, "--yes")).ExitCode);
        var empty = await RunAsync(vibedom, workspace, "empty", "true");
        // the hostile variant: a symlink to a host folder and a folder without permissions in the changes
        var unapplied = await RunAsync(vibedom, workspace, "unapplied", $"echo 3 > three.txt; ln -s {outside} link; mkdir locked; echo x > locked/f; chmod 000 locked");

        var prune = await vibedom.RunAsync("sessions", "--prune");

        Assert.True(prune.ExitCode == 0, prune.StandardError);
        Assert.Contains("pruned 3 session(s); kept 1", prune.StandardOutput, StringComparison.Ordinal);
        Assert.Matches($@"\nkept {unapplied} \(proj-unapplied, {System.Text.RegularExpressions.Regex.Escape(workspace)}\): \d+ unapplied change\(s\)\n", prune.StandardOutput);
        Assert.Contains("--yes", prune.StandardOutput, StringComparison.Ordinal);
        Assert.Equal([unapplied], await IdsAsync(vibedom));
        Assert.Equal([Path.Combine(vibedom.Home, "logs", unapplied)], Directory.EnumerateDirectories(Path.Combine(vibedom.Home, "logs")));
        foreach (var (id, state) in new[] { (applied, "applied"), (discarded, "discarded"), (empty, "exited") })
        {
            Assert.Contains($"removed {id} (proj-", prune.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"{id} (proj-{(state == "exited" ? "empty" : state)}, {state})", prune.StandardOutput, StringComparison.Ordinal);
        }

        var forced = await vibedom.RunAsync("sessions", "--prune", "--yes");

        Assert.True(forced.ExitCode == 0, forced.StandardError);
        Assert.Contains("pruned 1 session(s)", forced.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(await IdsAsync(vibedom));
        Assert.Equal("keep me\n", File.ReadAllText(Path.Combine(outside, "precious.txt")));
        Assert.Equal("a\n", File.ReadAllText(Path.Combine(workspace, "a.txt")));
        Assert.Equal("1\n", File.ReadAllText(Path.Combine(workspace, "one.txt")));
    }

    [Fact]
    public async Task Prune_never_touches_a_running_session_and_honours_older_than()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var ended = await RunAsync(vibedom, workspace, "ended", "true");
        await using var live = await DetachedSession.StartAsync(vibedom, workspace);
        var recent = await vibedom.RunAsync("sessions", "--prune", "--older-than", "7d", "--yes");
        Assert.True(recent.ExitCode == 0, recent.StandardError);
        Assert.Contains("pruned 0 session(s)", recent.StandardOutput, StringComparison.Ordinal);

        var bad = await vibedom.RunAsync("sessions", "--prune", "--older-than", "7x");
        Assert.Equal(2, bad.ExitCode);
        Assert.Single(bad.StandardError.Trim().Split('\n'));

        var all = await vibedom.RunAsync("sessions", "--prune", "--yes");
        Assert.True(all.ExitCode == 0, all.StandardError);
        var left = await IdsAsync(vibedom);
        Assert.Single(left);
        Assert.DoesNotContain(ended, left);
    }

    [Fact]
    public async Task Prune_that_leaves_a_running_session_says_why_it_removed_nothing()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        await using var live = await DetachedSession.StartAsync(vibedom, workspace);

        var prune = await vibedom.RunAsync("sessions", "--prune");

        Assert.True(prune.ExitCode == 0, prune.StandardError);
        // before: "pruned 0 session(s)" and nothing else
        Assert.Equal("pruned 0 session(s)\nleft 1 running session(s): prune removes only ended ones ('vibedom stop SESSION' ends one)\n", prune.StandardOutput);
        Assert.Single(await IdsAsync(vibedom));

        await vibedom.RunAsync("stop", live.Name, "--keep");
        var recent = await vibedom.RunAsync("sessions", "--prune", "--older-than", "7d");

        Assert.Equal("pruned 0 session(s)\nleft 1 session(s) that ended less than 7d ago (--older-than)\n", recent.StandardOutput);
    }

    [Fact]
    public async Task Prune_asks_at_a_terminal_for_a_session_with_unapplied_changes_and_takes_the_key_without_enter()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var id = await RunAsync(vibedom, workspace, "work", "echo 1 > one.txt");

        // keys typed before the question shows are dropped: each is sent once it is on the screen
        foreach (var key in new[] { "n", "y" })
        {
            await using var tmux = await TmuxPane.StartAsync(vibedom, $"{VibedomBinary.Executable} sessions --prune; echo EXIT=$?; echo VIBEDOM-DONE");
            await tmux.WaitForAsync("1 unapplied change(s); remove it anyway? [y/N] ");
            await tmux.SendKeysAsync(key);
            var screen = await tmux.WaitForAsync("VIBEDOM-DONE");

            Assert.True(screen.Contains("EXIT=0", StringComparison.Ordinal), screen);
            if (key == "n")
            {
                Assert.Equal([id], await IdsAsync(vibedom));
            }
            else
            {
                Assert.Contains($"removed {id}", screen, StringComparison.Ordinal);
                Assert.Empty(await IdsAsync(vibedom));
            }
        }
    }

    [Fact]
    public async Task Ctrl_c_at_the_prune_prompt_is_a_cancel_that_keeps_the_session()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var id = await RunAsync(vibedom, workspace, "work", "echo 1 > one.txt");

        await using var tmux = await TmuxPane.StartAsync(vibedom, $"{VibedomBinary.Executable} sessions --prune; echo EXIT=$?; echo VIBEDOM-DONE");
        await tmux.WaitForAsync("1 unapplied change(s); remove it anyway? [y/N] ");
        await tmux.SendKeyAsync("C-c");
        var screen = await tmux.WaitForAsync("VIBEDOM-DONE");

        Assert.True(screen.Contains("EXIT=5", StringComparison.Ordinal), screen);
        Assert.Contains("vibedom: cancelled at the prune prompt; 0 session(s) removed before it, the rest kept", screen, StringComparison.Ordinal);
        Assert.Equal([id], await IdsAsync(vibedom));
    }

    [Fact]
    public async Task A_name_several_sessions_share_says_which_one_it_took_and_how_to_pick_another()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var older = await RunAsync(vibedom, workspace, null, "echo old > a.txt", name: "same");
        var newer = await RunAsync(vibedom, workspace, null, "echo new > a.txt", name: "same");

        var diff = await vibedom.RunAsync("diff", "same", "--stat");

        Assert.True(diff.ExitCode == 0, diff.StandardError);
        Assert.Contains($"2 sessions are named 'same'; using the newest, {newer}; pick another by its id ({older}", diff.StandardError, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(VibedomBinary vibedom, string workspace, string? suffix, string script, string? name = null)
    {
        var run = await vibedom.RunAsync("run", workspace, "--yes", "--name", name ?? "proj-" + suffix, "--", "sh", "-c", script);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
        return (await IdsAsync(vibedom))[0];
    }

    private static async Task<List<string>> IdsAsync(VibedomBinary vibedom)
    {
        var list = await vibedom.RunAsync("sessions", "--json");
        Assert.True(list.ExitCode == 0, list.StandardError);
        using var json = JsonDocument.Parse(list.StandardOutput);
        return [.. json.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
    }
}
