using Vibedom.Core.Agents;
using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Agents;

/// <summary>
/// A concurrent session's private copy of an agent's state: the agent's files and folders as they are, links copied as
/// links (never followed out of the state), no set-id bit, no fifo; the shared state untouched.
/// </summary>
public sealed class AgentStateCopyTests
{
    [Fact]
    public async Task The_copy_holds_the_files_and_links_as_links_without_set_id_bits_fifos_or_what_a_link_points_to()
    {
        using var dir = new TempDirectory("agent-copy");
        var shared = Path.Combine(dir.Path, "agents", "claude");
        var outside = Path.Combine(dir.Path, "outside");
        Directory.CreateDirectory(Path.Combine(shared, ".claude", "projects", "p"));
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "host-secret"), "host");
        File.WriteAllText(Path.Combine(shared, ".claude.json"), "{\"a\": 1}");
        File.WriteAllText(Path.Combine(shared, ".claude", "projects", "p", "t.jsonl"), "line\n");
        var shell = Path.Combine(shared, ".claude", "rootsh");
        File.WriteAllText(shell, "#!/bin/sh\n");
        File.SetUnixFileMode(shell, (UnixFileMode)0b110_111_101_101); // 6755
        File.CreateSymbolicLink(Path.Combine(shared, ".claude", "out"), outside);
        Assert.Equal(0, (await ProcessRunner.Default.RunAsync(ProcessSpec.Of("mkfifo", Path.Combine(shared, ".claude", "pipe")), TestContext.Current.CancellationToken)).ExitCode);
        var copy = Path.Combine(dir.Path, "session", "agent-state");

        Assert.True(AgentStateCopy.Make(shared, copy));

        Assert.Equal("{\"a\": 1}", File.ReadAllText(Path.Combine(copy, ".claude.json")));
        Assert.Equal("line\n", File.ReadAllText(Path.Combine(copy, ".claude", "projects", "p", "t.jsonl")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(copy, ".claude", "rootsh")));
        Assert.Equal(outside, new FileInfo(Path.Combine(copy, ".claude", "out")).LinkTarget);
        Assert.False(File.Exists(Path.Combine(copy, ".claude", "pipe")));
        Assert.Equal((UnixFileMode)0b110_111_101_101, File.GetUnixFileMode(shell)); // the shared state is not touched
        Assert.Equal(["host-secret"], Directory.GetFiles(outside).Select(Path.GetFileName));
    }
}
