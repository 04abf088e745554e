using System.Text.Json;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// exec, attach and stop act on a running session: through the real binary, a detached session of a workspace followed by a quick
/// foreground run of the same workspace (same default name, newer, ended) is still the one `exec NAME` and `stop` (in the workspace) reach.
/// </summary>
public sealed class RunningSessionChoiceTests
{
    [Fact]
    public async Task Exec_by_name_and_stop_in_the_workspace_take_the_running_session_over_a_newer_ended_one()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        await using var live = await DetachedSession.StartAsync(vibedom, workspace, name: "proj");
        var quick = await vibedom.RunAsync("run", workspace, "--yes", "--", "true");
        Assert.True(quick.ExitCode == 0, quick.StandardError);

        var exec = await vibedom.RunAsync("exec", "proj", "--", "sh", "-c", "echo inside");
        var stop = await vibedom.RunAsync(["stop", "--keep"], input: null, workingDirectory: workspace);
        var sessions = await vibedom.RunAsync("sessions", "--json");

        // before: exec took the ended run ("is not running", exit 2) and stop said it "had already ended", leaving the detached one running
        Assert.True(exec.ExitCode == 0, exec.StandardError);
        Assert.Equal("inside", exec.StandardOutput.Trim());
        Assert.Equal(string.Empty, exec.StandardError);
        Assert.True(stop.ExitCode == 0, stop.StandardError);
        Assert.StartsWith("Stopped session-", stop.StandardOutput, StringComparison.Ordinal);
        using var list = JsonDocument.Parse(sessions.StandardOutput);
        Assert.All(list.RootElement.EnumerateArray(), s => Assert.NotEqual("running", s.GetProperty("state").GetString()));
    }
}
