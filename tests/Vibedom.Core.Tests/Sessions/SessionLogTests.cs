using Vibedom.Core.Sessions;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Sessions;

public sealed class SessionLogTests
{
    private const string Notice = "session.log reached its limit";

    [Fact]
    public void Write_past_sixteen_mebibytes_stops_at_them_with_one_line_saying_so()
    {
        // Given a log written by what the agent drives (proxy diagnostics, one line per conflicting path)
        using var temp = new TempDirectory();
        var path = temp.Combine("session.log");
        var log = new SessionLog(path, TimeProvider.System);
        var line = new string('x', 1 << 20);

        // When 20 MiB of lines come
        for (var i = 0; i < 20; i++)
        {
            log.Warn(line);
        }

        // Then the file stops at 16 MiB, and one line says why
        Assert.InRange(new FileInfo(path).Length, 15L << 20, 16L << 20);
        Assert.Single(File.ReadLines(path), l => l.Contains(Notice, StringComparison.Ordinal));
    }

    [Fact]
    public void Milestones_are_written_past_the_limit_and_other_lines_are_not()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("session.log");
        var log = new SessionLog(path, TimeProvider.System, 4096);
        log.Milestone("Sandbox started (rootless): agent");

        for (var i = 0; i < 200; i++)
        {
            log.Warn($"Not applied: file{i}.txt: changed in the workspace too");
        }

        log.Milestone("Command exited with code 0");
        log.Info("after the end");

        var lines = File.ReadAllLines(path);
        Assert.EndsWith("INFO: Sandbox started (rootless): agent", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("INFO: Command exited with code 0", lines[^1], StringComparison.Ordinal);
        Assert.Single(lines, l => l.Contains(Notice, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("after the end", StringComparison.Ordinal));
        Assert.True(new FileInfo(path).Length <= 4096 + SessionLog.MilestoneReserve);
    }

    [Fact]
    public void Writers_of_several_processes_share_the_bound_and_its_one_notice()
    {
        // each process (session host, apply, reconciler) has a SessionLog of its own on the same file
        using var temp = new TempDirectory();
        var path = temp.Combine("session.log");
        var writers = Enumerable.Range(0, 3).Select(_ => new SessionLog(path, TimeProvider.System, 8192)).ToList();

        for (var i = 0; i < 300; i++)
        {
            writers[i % 3].Warn($"Egress proxy: line {i}");
        }

        Assert.True(new FileInfo(path).Length <= 8192);
        Assert.Single(File.ReadLines(path), l => l.Contains(Notice, StringComparison.Ordinal));
    }
}
