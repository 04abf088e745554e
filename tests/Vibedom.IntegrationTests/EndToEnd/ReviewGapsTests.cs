using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// Gaps the red team left open in the host-side review (diff/apply), through the real binary: each claim states the
/// secure behaviour and fails on the code before this change.
/// </summary>
public sealed class ReviewGapsTests
{
    [Fact]
    public async Task A_hook_in_the_folder_that_a_file_included_by_the_repository_config_names_is_flagged()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("git");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"), ("git/project.cfg", "[core]\n\tautocrlf = false\n"));
        var marker = Path.Combine(vibedom.Root, "pwned");
        foreach (var args in new[] { new[] { "init", "-q" }, ["config", "include.path", "../git/project.cfg"] })
        {
            await ProcessRunner.Default.RunAsync(new ProcessSpec("git", args) { WorkingDirectory = workspace }, TestContext.Current.CancellationToken);
        }

        // a shared project config the repository includes: the agent points core.hooksPath at a folder of its own
        var agent = "printf '[core]\\n\\thooksPath = tools/hooks\\n' > git/project.cfg && mkdir -p tools/hooks && " +
                    $"printf '#!/bin/sh\\necho PWNED > {marker}\\n' > tools/hooks/pre-commit && chmod 755 tools/hooks/pre-commit";
        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", agent], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var apply = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace);
        Assert.True(apply.ExitCode == 0, apply.StandardError + apply.StandardOutput);

        await ProcessRunner.Default.RunAsync(new ProcessSpec("git", ["-c", "user.name=u", "-c", "user.email=u@example.com", "commit", "-q", "--allow-empty", "-m", "x"]) { WorkingDirectory = workspace }, TestContext.Current.CancellationToken);
        Assert.False(File.Exists(marker), "the user's next git commit ran the agent's hook; apply said:\n" + apply.StandardOutput);
        Assert.Contains("tools/hooks/pre-commit", apply.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_existing_link_of_the_workspace_that_a_new_link_turns_outside_is_flagged_and_not_applied_by_yes()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("sub/readme", "r\n"));
        var key = Path.Combine(vibedom.Root, "user-home", ".ssh", "id_ed25519");
        Directory.CreateDirectory(Path.GetDirectoryName(key)!);
        File.WriteAllText(key, "USER-KEY-MARKER\n");

        // the user's link: sub/b is missing (a folder), so safe climbs from sub to <ws> and names <ws>/user-home. The
        // agent's b -> .. stays inside read alone, but through it safe climbs from <ws>: projects/, then the test root
        Directory.CreateSymbolicLink(Path.Combine(workspace, "safe"), "sub/b/../../user-home");
        Assert.False(File.Exists(Path.Combine(workspace, "safe", ".ssh", "id_ed25519")));

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "ln -s .. sub/b"], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var stat = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace);
        var apply = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace);
        Assert.True(apply.ExitCode == 0, apply.StandardError + apply.StandardOutput);

        Assert.False(File.Exists(Path.Combine(workspace, "safe", ".ssh", "id_ed25519")), "apply --yes turned the workspace's link 'safe' to the user's ~/.ssh; diff --stat said:\n" + stat.StandardOutput);
        Assert.Contains("!!!", stat.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mode_change_is_applied_without_changing_a_hard_link_of_the_file_outside_the_workspace()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("tool.sh", "echo tool\n"));
        var outside = Path.Combine(vibedom.Root, "outside-tool.sh");
        File.SetUnixFileMode(Path.Combine(workspace, "tool.sh"), (UnixFileMode)0b110_100_100);
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("ln", Path.Combine(workspace, "tool.sh"), outside), TestContext.Current.CancellationToken);

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "chmod", "755", "tool.sh"], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var apply = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace);
        Assert.True(apply.ExitCode == 0, apply.StandardError + apply.StandardOutput);

        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(workspace, "tool.sh")));
        Assert.True(File.GetUnixFileMode(outside) == (UnixFileMode)0b110_100_100, "the apply changed the mode of a hard link outside the workspace: " + File.GetUnixFileMode(outside));
        Assert.Equal("echo tool\n", await File.ReadAllTextAsync(Path.Combine(workspace, "tool.sh"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_diff_of_many_large_text_files_stops_reading_at_its_budget_and_says_what_it_left_out()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("python3");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        // 18 text files of 4.2 MB (each under the per-file bounds): 75 MB of text; 16 of them reach the 64 MiB of one diff
        var script = "python3 -c \"line = 'x' * 99 + '\\n'\nfor i in range(18):\n    open('big%02d.txt' % i, 'w').write(line * 42000)\"";
        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", script], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);

        var stat = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace);
        var session = Path.GetFileName(Assert.Single(Directory.EnumerateDirectories(Path.Combine(vibedom.Home, "logs"))));
        var one = await vibedom.RunAsync(["diff", session, "--stat", "big17.txt"], input: null, workingDirectory: workspace);

        Assert.True(stat.ExitCode == 0, stat.StandardError);
        Assert.Contains("big17.txt | not diffed: this diff already read 64 MiB of text", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("# 2 text file(s) not diffed", stat.StandardOutput, StringComparison.Ordinal);
        Assert.True(one.StandardOutput.Contains("big17.txt | 42000 +", StringComparison.Ordinal), one.StandardOutput + one.StandardError);
    }
}
