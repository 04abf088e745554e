using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s25: a detached sandbox's stdout and stderr went straight into its run state's output.log, on the host's
/// disk and outside `[limits] disk` (which counts changes/ only), so an agent printing without end filled the disk.
/// </summary>
public sealed class DetachedOutputAttackTests
{
    private const long Printed = 64L << 20;

    [Fact]
    public async Task A_detached_agent_printing_without_end_cannot_fill_the_hosts_disk_through_its_output_log()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var start = await vibedom.RunAsync("run", workspace, "--yes", "--detach", "--name", "loud", "--",
            "sh", "-c", $"echo first-line; head -c {Printed} /dev/zero; echo > printed.txt; sleep 600");
        Assert.True(start.ExitCode == 0, start.StandardError);
        try
        {
            var id = Path.GetFileName(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*").Single());
            var mark = Path.Combine(vibedom.Home, "logs", id, "changes", "printed.txt");
            for (var waited = 0; !File.Exists(mark) && waited < 120_000; waited += 100)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }

            Assert.True(File.Exists(mark), "the agent never finished printing");
            var log = Path.Combine(vibedom.Home, "run", id, "output.log");
            Assert.InRange(new FileInfo(log).Length, 8L << 20, 9L << 20);
            using var reader = new StreamReader(log);
            Assert.Equal("first-line", await reader.ReadLineAsync(TestContext.Current.CancellationToken));
            Assert.EndsWith("vibedom: the sandbox's output past 8 MiB is not kept\n", File.ReadAllText(log), StringComparison.Ordinal);
        }
        finally
        {
            await vibedom.RunAsync("stop", "loud", "--keep");
        }
    }
}
