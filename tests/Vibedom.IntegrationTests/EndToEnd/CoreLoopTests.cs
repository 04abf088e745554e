using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>The loop a user lives in, through the real binary: run, diff, apply, undo.</summary>
public sealed class CoreLoopTests
{
    [Fact]
    public async Task Agent_writes_stay_in_the_session_until_applied_and_undo_restores_byte_for_byte()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("edit.txt", "old\n"), ("gone.txt", "bye\n"), ("keep.txt", "same\n"));

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "echo new > edit.txt && echo hi > added.txt && rm gone.txt"], input: null);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal("old\n", File.ReadAllText(Path.Combine(workspace, "edit.txt")));
        Assert.True(File.Exists(Path.Combine(workspace, "gone.txt")));
        Assert.False(File.Exists(Path.Combine(workspace, "added.txt")));

        var stat = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace);
        Assert.True(stat.ExitCode == 0, stat.StandardError);
        Assert.Contains("edit.txt", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("added.txt", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("gone.txt", stat.StandardOutput, StringComparison.Ordinal);

        var apply = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace);
        Assert.True(apply.ExitCode == 0, apply.StandardError);
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(workspace, "edit.txt")));
        Assert.Equal("hi\n", File.ReadAllText(Path.Combine(workspace, "added.txt")));
        Assert.False(File.Exists(Path.Combine(workspace, "gone.txt")));

        var undo = await vibedom.RunAsync(["undo"], input: null, workingDirectory: workspace);
        Assert.True(undo.ExitCode == 0, undo.StandardError);
        Assert.Equal("old\n", File.ReadAllText(Path.Combine(workspace, "edit.txt")));
        Assert.Equal("bye\n", File.ReadAllText(Path.Combine(workspace, "gone.txt")));
        Assert.False(File.Exists(Path.Combine(workspace, "added.txt")));
        Assert.Equal("same\n", File.ReadAllText(Path.Combine(workspace, "keep.txt")));
    }

    [Fact]
    public async Task An_ordinary_user_gets_the_same_loop_rootless()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.Require(Prerequisite.IsRoot, "needs root to become uid 65534");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("edit.txt", "old\n"), ("gone.txt", "bye\n"));
        await vibedom.GiveToNobodyAsync();

        var run = await vibedom.RunAsNobodyAsync(["run", workspace, "--yes", "--", "sh", "-c", "id -u > uid.txt; echo new > edit.txt; rm gone.txt; grep CapEff /proc/self/status"]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains("CapEff:\t0000000000000000", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("old\n", File.ReadAllText(Path.Combine(workspace, "edit.txt")));

        var apply = await vibedom.RunAsNobodyAsync(["apply", "--yes"], workspace);
        Assert.True(apply.ExitCode == 0, apply.StandardError);
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(workspace, "edit.txt")));
        Assert.Equal("1000\n", File.ReadAllText(Path.Combine(workspace, "uid.txt")));
        Assert.False(File.Exists(Path.Combine(workspace, "gone.txt")));
        var owner = await Vibedom.Core.Processes.ProcessRunner.Default.RunCheckedAsync(
            Vibedom.Core.Processes.ProcessSpec.Of("stat", "-c", "%u", Path.Combine(workspace, "edit.txt")), TestContext.Current.CancellationToken);
        Assert.Equal("65534", owner.StandardOutput.Trim());

        var undo = await vibedom.RunAsNobodyAsync(["undo"], workspace);
        Assert.True(undo.ExitCode == 0, undo.StandardError);
        Assert.Equal("old\n", File.ReadAllText(Path.Combine(workspace, "edit.txt")));
        Assert.Equal("bye\n", File.ReadAllText(Path.Combine(workspace, "gone.txt")));
    }

    [Fact]
    public async Task Only_variables_named_in_run_env_reach_the_agent_and_their_values_are_never_recorded()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), "[run]\nenv = [\"AGENT_API_KEY\"]\n");
        var key = string.Concat("agent-", "key-", Guid.NewGuid().ToString("N"));
        var environment = vibedom.Environment();
        environment["AGENT_API_KEY"] = key;
        environment["OTHER_HOST_SECRET"] = "must-not-pass";

        var result = await Vibedom.Core.Processes.ProcessRunner.Default.RunAsync(
            new Vibedom.Core.Processes.ProcessSpec(VibedomBinary.Executable, ["run", workspace, "--yes", "--", "sh", "-c", "echo \"key=$AGENT_API_KEY other=$OTHER_HOST_SECRET\"", key])
            {
                Environment = environment,
                InheritBasicEnvironment = false,
                StandardInput = string.Empty,
            },
            TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains($"key={key} other=\n", result.StandardOutput, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(vibedom.Home, "logs"), "*", SearchOption.AllDirectories).Where(f => !f.Contains("/changes/", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(key, File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Foreground_run_exits_with_the_commands_status()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "exit 42"], input: null);

        Assert.Equal(42, run.ExitCode);
    }

    [Fact]
    public async Task Command_missing_inside_the_sandbox_exits_127_with_one_line()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "no-such-agent-xyz"], input: null);

        Assert.Equal(127, run.ExitCode);
        Assert.Contains("no-such-agent-xyz: command not found", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Foreground_run_at_a_terminal_gives_the_agent_a_tty()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        var run = await vibedom.RunInTerminalAsync($"{VibedomBinary.Executable} run {workspace} --yes -- sh -c 'test -t 0 && test -t 1 && echo AGENT-HAS-TTY'", input: "n\n");

        Assert.Contains("AGENT-HAS-TTY", run.StandardOutput, StringComparison.Ordinal);
    }
}
