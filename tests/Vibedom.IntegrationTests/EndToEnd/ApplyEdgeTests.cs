using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>Apply, undo and prune on what a real project (or a hostile agent) leaves: read-only folders, names near NAME_MAX, trees deeper than PATH_MAX.</summary>
public sealed class ApplyEdgeTests
{
    [Fact]
    public async Task Undo_as_an_ordinary_user_removes_a_read_only_folder_the_apply_made_and_gives_a_folder_made_read_only_its_mode_back()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.Require(Prerequisite.IsRoot, "needs root to become uid 65534");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("keep/k.txt", "k\n"));
        var keep = Path.Combine(workspace, "keep");
        File.SetUnixFileMode(keep, (UnixFileMode)0b111_101_101);
        await vibedom.GiveToNobodyAsync();
        var run = await vibedom.RunAsNobodyAsync(["run", workspace, "--yes", "--", "sh", "-c", "mkdir -p ro/sub && echo x > ro/sub/f && chmod 555 ro/sub ro && echo n > keep/new && chmod 555 keep"]);
        Assert.True(run.ExitCode == 0, run.StandardError);

        var apply = await vibedom.RunAsNobodyAsync(["apply", "--yes"], workspace);

        Assert.True(apply.ExitCode == 0, apply.StandardOutput + apply.StandardError);
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(workspace, "ro", "sub", "f")));
        Assert.Equal("n\n", File.ReadAllText(Path.Combine(keep, "new")));
        Assert.Equal((UnixFileMode)0b101_101_101, File.GetUnixFileMode(Path.Combine(workspace, "ro")));
        Assert.Equal((UnixFileMode)0b101_101_101, File.GetUnixFileMode(Path.Combine(workspace, "ro", "sub")));
        Assert.Equal((UnixFileMode)0b101_101_101, File.GetUnixFileMode(keep));

        var undo = await vibedom.RunAsNobodyAsync(["undo"], workspace);

        Assert.True(undo.ExitCode == 0, undo.StandardOutput + undo.StandardError);
        Assert.False(Directory.Exists(Path.Combine(workspace, "ro")), "undo left ro/:\n" + undo.StandardOutput);
        Assert.False(File.Exists(Path.Combine(keep, "new")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(keep));
        Assert.Equal("k\n", File.ReadAllText(Path.Combine(keep, "k.txt")));
    }

    [Fact]
    public async Task A_file_of_the_user_with_a_name_of_250_bytes_that_the_agent_changed_is_applied()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var name = new string('u', 250);
        var workspace = vibedom.Workspace("proj", (name, "mine\n"));
        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", $"echo changed > {name}"], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);

        var apply = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace);

        Assert.True(apply.ExitCode == 0, apply.StandardOutput + apply.StandardError);
        Assert.Equal("changed\n", File.ReadAllText(Path.Combine(workspace, name)));
        Assert.Equal([name], Directory.EnumerateFileSystemEntries(workspace).Select(Path.GetFileName));

        var undo = await vibedom.RunAsync(["undo"], input: null, workingDirectory: workspace);

        Assert.True(undo.ExitCode == 0, undo.StandardOutput + undo.StandardError);
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(workspace, name)));
    }

    [Fact]
    public async Task A_leftover_of_an_interrupted_prune_deeper_than_path_max_goes_on_the_next_prune()
    {
        Prerequisite.RequireCommand("python3");
        using var vibedom = new VibedomBinary();
        var leftover = Path.Combine(vibedom.Home, "logs", ".pruning-20261201-000000-dead");
        Directory.CreateDirectory(leftover);
        await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("python3", ["-c", "import os\nfor i in range(400):\n    os.mkdir('level-0123456789'); os.chdir('level-0123456789')\nopen('deep.txt','w').write('deep')\nos.chmod('.', 0o500)"]) { WorkingDirectory = leftover }, TestContext.Current.CancellationToken);

        var prune = await vibedom.RunAsync("sessions", "--prune", "--yes");

        var exists = Directory.Exists(leftover);
        if (exists)
        {
            await ProcessRunner.Default.RunAsync(ProcessSpec.Of("rm", "-rf", leftover), TestContext.Current.CancellationToken);
        }

        Assert.True(prune.ExitCode == 0 && !exists, $"exit {prune.ExitCode}, leftover still there: {exists}:\n{prune.StandardError}");
    }

    [Fact]
    public async Task A_leftover_prune_cannot_remove_is_one_line_and_the_prune_goes_on()
    {
        Prerequisite.Require(Prerequisite.IsRoot, "needs root to become uid 65534");
        using var vibedom = new VibedomBinary();
        var leftover = Path.Combine(vibedom.Home, "logs", ".pruning-20261201-000000-dead");
        Directory.CreateDirectory(leftover);
        await vibedom.GiveToNobodyAsync();

        // a folder the ordinary user cannot empty (root's, as a root-run session may leave)
        var roots = Path.Combine(leftover, "roots");
        Directory.CreateDirectory(roots);
        File.WriteAllText(Path.Combine(roots, "f"), "f");

        var prune = await vibedom.RunAsNobodyAsync(["sessions", "--prune", "--yes"]);

        Assert.True(prune.ExitCode == 0, prune.StandardOutput + prune.StandardError);
        var line = Assert.Single(prune.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("vibedom: cannot remove .pruning-20261201-000000-dead of an earlier prune (tried again next time): ", line, StringComparison.Ordinal);
        Assert.Contains("pruned 0 session(s)", prune.StandardOutput, StringComparison.Ordinal);
    }
}
