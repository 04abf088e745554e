using System.Text;
using System.Text.Json;
using Vibedom.Runtimes.Namespace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>vibedom itself killed with SIGKILL mid-session, through the real binary.</summary>
public sealed class CrashTests
{
    [Fact]
    public async Task Sigkill_of_vibedom_leaves_nothing_running_or_mounted_and_the_next_command_marks_the_session_dead()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var running = vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "echo agent-work > written.txt; sleep 120"], input: null);

        var logs = Path.Combine(vibedom.Home, "logs");
        var changes = await Poll.ForAsync(() => !Directory.Exists(logs) ? null : Directory.GetDirectories(logs, "session-*")
            .Select(d => Path.Combine(d, "changes", "written.txt")).FirstOrDefault(File.Exists));
        var pid = FindVibedom(vibedom.Home) ?? throw new InvalidOperationException("vibedom process not found");
        var inside = ProcFs.Descendants(pid);
        Assert.NotEmpty(inside);

        System.Diagnostics.Process.GetProcessById(pid).Kill();
        await running;

        await Poll.UntilAsync(() => inside.All(p => !Directory.Exists($"/proc/{p}")));
        Assert.DoesNotContain(Path.GetDirectoryName(changes)!, File.ReadAllText("/proc/self/mountinfo"), StringComparison.Ordinal);

        var sessions = await vibedom.RunAsync("sessions", "--json");
        Assert.Contains("was left running by a vibedom that stopped", sessions.StandardError, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(sessions.StandardOutput);
        Assert.Equal("dead", json.RootElement[0].GetProperty("state").GetString());
        var diff = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace);
        Assert.Contains("written.txt", diff.StandardOutput, StringComparison.Ordinal);
        // nothing of the session is left in run/: only the (now empty) index of live sessions
        var run = Path.Combine(vibedom.Home, "run");
        Assert.Equal(["live"], Directory.GetDirectories(run).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(run, "live")));
    }

    [Fact]
    public async Task Apply_yes_as_the_very_next_command_after_a_sigkill_applies_the_dead_sessions_changes()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var running = vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "echo agent-work > written.txt; sleep 120"], input: null);

        var logs = Path.Combine(vibedom.Home, "logs");
        await Poll.ForAsync(() => !Directory.Exists(logs) ? null : Directory.GetDirectories(logs, "session-*")
            .Select(d => Path.Combine(d, "changes", "written.txt")).FirstOrDefault(File.Exists));
        var pid = FindVibedom(vibedom.Home) ?? throw new InvalidOperationException("vibedom process not found");
        var inside = ProcFs.Descendants(pid);
        System.Diagnostics.Process.GetProcessById(pid).Kill();
        await running;
        await Poll.UntilAsync(() => inside.All(p => !Directory.Exists($"/proc/{p}")));

        // no `sessions` first: the lookup of `apply` itself must notice the dead session
        var apply = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace);

        Assert.True(apply.ExitCode == 0, apply.StandardOutput + apply.StandardError);
        Assert.DoesNotContain("still running", apply.StandardError, StringComparison.Ordinal);
        Assert.Contains("was left running by a vibedom that stopped", apply.StandardError, StringComparison.Ordinal);
        Assert.Equal("agent-work\n", File.ReadAllText(Path.Combine(workspace, "written.txt")));
    }

    private static int? FindVibedom(string home)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var exe = new FileInfo(Path.Combine(dir, "exe")).LinkTarget;
                var environ = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "environ"))).Split('\0');
                if (exe == VibedomBinary.Executable && environ.Contains("VIBEDOM_HOME=" + home))
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }
}
