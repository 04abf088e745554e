using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s27: a named FIFO given as stdin of `vibedom exec` crossed into the sandbox as its own inode (only files,
/// block devices and terminals were relayed): rootless, the agent made the user's FIFO on the host 0666. Now a named
/// FIFO is relayed like a file; an anonymous pipe still crosses as it is.
/// </summary>
public sealed class FifoStdioAttackTests
{
    /// <summary>As uid 65534: a FIFO of its own, a writer, then exec reading it; the agent tries to chmod it.</summary>
    private const string Script = """
        mkfifo -m 600 task.fifo
        (echo the-task > task.fifo) &
        exec "$1" exec live -- sh -c 'cat; chmod 666 /proc/self/fd/0; stat -L -c %F /proc/self/fd/0' < task.fifo > out.txt
        """;

    [Fact]
    public async Task A_fifo_given_as_stdin_of_a_rootless_exec_is_not_chmodded()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("setpriv");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        await File.WriteAllTextAsync(Path.Combine(vibedom.Root, "exec.sh"), Script, TestContext.Current.CancellationToken);
        await vibedom.GiveToNobodyAsync();
        var start = await vibedom.RunAsNobodyAsync(["run", workspace, "--yes", "--detach", "--name", "live", "--", "sleep", "600"]);
        Assert.True(start.ExitCode == 0, start.StandardError);
        try
        {
            var exec = await ProcessRunner.Default.RunAsync(new ProcessSpec("/usr/bin/setpriv",
                ["--reuid=65534", "--regid=65534", "--clear-groups", "--", "sh", "exec.sh", VibedomBinary.Executable])
            {
                Environment = vibedom.Environment(),
                InheritBasicEnvironment = false,
                WorkingDirectory = vibedom.Root,
                Timeout = TimeSpan.FromSeconds(120),
            }, TestContext.Current.CancellationToken);

            Assert.True(exec.ExitCode == 0, exec.StandardError);
            Assert.StartsWith("the-task\n", await File.ReadAllTextAsync(Path.Combine(vibedom.Root, "out.txt"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(vibedom.Root, "task.fifo")));
        }
        finally
        {
            await vibedom.RunAsNobodyAsync(["stop", "live", "--keep"]);
        }
    }
}
