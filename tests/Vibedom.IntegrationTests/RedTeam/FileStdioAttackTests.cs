using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s26: a file given as stdin, stdout or stderr (`vibedom run WS -- agent &lt; TASK.md`, `exec S -- npm test &gt;
/// log`) crossed into the sandbox as its descriptor, which is the file's inode: rootless (the file is the user's own),
/// the agent reopened it through /proc/self/fd/0 for writing and chmodded it, rewriting a workspace file past the
/// review; and what an exec left running could still write the file after exec returned.
/// </summary>
public sealed class FileStdioAttackTests
{
    private const string Original = "the user's own task\n";

    /// <summary>Tries every way from the descriptor to the inode, then prints what fd 0 is.</summary>
    private const string Agent =
        "cat; echo REWRITTEN > /proc/self/fd/0; chmod 777 /proc/self/fd/0; stat -L -c %F /proc/self/fd/0 /proc/self/fd/1";

    [Fact]
    public async Task A_workspace_file_given_as_stdin_of_a_rootless_run_is_neither_rewritten_nor_chmodded()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("TASK.md", Original));
        await vibedom.GiveToNobodyAsync();
        var task = Path.Combine(workspace, "TASK.md");
        var mode = File.GetUnixFileMode(task);

        var run = await AsNobodyAsync(vibedom, $"run {workspace} --yes -- sh -c '{Agent}' < {task} > {vibedom.Root}/out.txt");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Original, await File.ReadAllTextAsync(task, TestContext.Current.CancellationToken));
        Assert.Equal(mode, File.GetUnixFileMode(task));
        var output = await File.ReadAllTextAsync(Path.Combine(vibedom.Root, "out.txt"), TestContext.Current.CancellationToken);
        Assert.Contains(Original + "fifo\nfifo\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_given_as_stdin_of_a_rootless_exec_is_neither_rewritten_nor_chmodded()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var task = Path.Combine(vibedom.Root, "input.txt");
        await File.WriteAllTextAsync(task, Original, TestContext.Current.CancellationToken);
        await vibedom.GiveToNobodyAsync();
        var mode = File.GetUnixFileMode(task);
        var start = await vibedom.RunAsNobodyAsync(["run", workspace, "--yes", "--detach", "--name", "live", "--", "sleep", "600"]);
        Assert.True(start.ExitCode == 0, start.StandardError);
        try
        {
            var exec = await AsNobodyAsync(vibedom, $"exec live -- sh -c '{Agent}' < {task} > {vibedom.Root}/out.txt");

            Assert.Equal(0, exec.ExitCode);
            Assert.Equal(Original, await File.ReadAllTextAsync(task, TestContext.Current.CancellationToken));
            Assert.Equal(mode, File.GetUnixFileMode(task));
            var output = await File.ReadAllTextAsync(Path.Combine(vibedom.Root, "out.txt"), TestContext.Current.CancellationToken);
            Assert.StartsWith(Original + "fifo\nfifo\n", output, StringComparison.Ordinal);
        }
        finally
        {
            await vibedom.RunAsNobodyAsync(["stop", "live", "--keep"]);
        }
    }

    [Fact]
    public async Task A_process_left_by_exec_cannot_write_the_file_its_output_went_to_after_exec_returned()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        await using var live = await DetachedSession.StartAsync(vibedom, workspace);
        var log = Path.Combine(vibedom.Root, "log.txt");

        var exec = await ProcessRunner.Default.RunAsync(new ProcessSpec("sh",
            ["-c", $"exec \"$0\" exec live -- sh -c '(trap \"\" PIPE; sleep 2; echo LATE; echo > late-done.txt) & echo started' > {log}", VibedomBinary.Executable])
        {
            Environment = vibedom.Environment(),
            WorkingDirectory = vibedom.Root,
            Timeout = TimeSpan.FromSeconds(120),
        }, TestContext.Current.CancellationToken);
        Assert.Equal(0, exec.ExitCode);
        var changes = Path.Combine(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*").Single(), "changes");
        for (var i = 0; i < 200 && !File.Exists(Path.Combine(changes, "late-done.txt")); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(Path.Combine(changes, "late-done.txt")), "the process left behind ran on");
        Assert.Equal("started\n", await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken));
    }

    /// <summary>vibedom as uid 65534 through setpriv, from a shell that does the redirections.</summary>
    private static Task<ProcessResult> AsNobodyAsync(VibedomBinary vibedom, string arguments)
    {
        Prerequisite.RequireCommand("setpriv");
        return ProcessRunner.Default.RunAsync(new ProcessSpec("sh",
            ["-c", $"exec /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups -- \"$0\" {arguments}", VibedomBinary.Executable])
        {
            Environment = vibedom.Environment(),
            InheritBasicEnvironment = false,
            WorkingDirectory = vibedom.Root,
            Timeout = TimeSpan.FromSeconds(120),
        });
    }
}
