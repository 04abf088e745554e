using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// A session's network folder holds the proxy's socket and the deploy key's agent relay. With a VIBEDOM_HOME other
/// local users can enter (here every folder on the way is 0755), another uid on the machine must neither send
/// requests through the session's proxy nor have the deploy key sign; the session's own agent still uses both.
/// Root-run (the sandbox runs as a host uid of its own) and rootless (the sandbox is the user).
/// </summary>
public sealed class SessionSocketsAttackTests
{
    /// <summary>Through the proxy (an unlisted host: the proxy answers 403) and the agent relay (ssh-add -l: 0 lists the key).</summary>
    private const string Probe =
        "curl -sS --max-time 30 {0} -o /dev/null -w 'status=%{{http_code}}' http://unlisted.invalid/ 2>&1; echo \" proxy=$?\"; " +
        "SSH_AUTH_SOCK={1} ssh-add -l >/dev/null 2>&1; echo \"agent=$?\"";

    [Fact]
    public async Task Another_local_user_reaches_neither_the_proxy_nor_the_agent_relay_of_a_root_run_session()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        OpenToOthers(vibedom);
        await using var live = await DetachedSession.StartAsync(vibedom, workspace);
        var net = Directory.GetDirectories(Path.Combine(vibedom.Home, "run"), "net-*").Single();

        var other = await AsUserAsync(65534, OutsideProbe(net));
        var inside = await vibedom.RunAsync("exec", "live", "--", "sh", "-c", InsideProbe);

        AssertRefused(other);
        AssertServed(inside);
    }

    [Fact]
    public async Task Another_local_user_reaches_neither_the_proxy_nor_the_agent_relay_of_a_rootless_session()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        OpenToOthers(vibedom);
        await vibedom.GiveToNobodyAsync();
        var start = await vibedom.RunAsNobodyAsync(["run", workspace, "--yes", "--detach", "--name", "live", "--", "sleep", "600"]);
        Assert.True(start.ExitCode == 0, start.StandardError);
        try
        {
            var net = Directory.GetDirectories(Path.Combine(vibedom.Home, "run"), "net-*").Single();

            var other = await AsUserAsync(65533, OutsideProbe(net));
            var inside = await vibedom.RunAsNobodyAsync(["exec", "live", "--", "sh", "-c", InsideProbe]);

            AssertRefused(other);
            AssertServed(inside);
        }
        finally
        {
            await vibedom.RunAsNobodyAsync(["stop", "live", "--keep"]);
        }
    }

    private static string InsideProbe => string.Format(System.Globalization.CultureInfo.InvariantCulture, Probe, string.Empty, "\"$SSH_AUTH_SOCK\"");

    private static string OutsideProbe(string net) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Probe, $"--unix-socket {net}/proxy.sock", $"{net}/agent.sock");

    private static void AssertRefused(ProcessResult other)
    {
        Assert.True(other.StandardOutput.Contains("proxy=7", StringComparison.Ordinal), "another user sent a request through the proxy: " + other.StandardOutput + other.StandardError);
        Assert.True(other.StandardOutput.Contains("agent=2", StringComparison.Ordinal), "another user reached the agent relay: " + other.StandardOutput + other.StandardError);
    }

    private static void AssertServed(ProcessResult inside)
    {
        Assert.True(inside.StandardOutput.Contains("status=403 proxy=0", StringComparison.Ordinal), "the agent lost its proxy: " + inside.StandardOutput + inside.StandardError);
        Assert.True(inside.StandardOutput.Contains("agent=0", StringComparison.Ordinal), "the agent lost the deploy key: " + inside.StandardOutput + inside.StandardError);
    }

    /// <summary>A VIBEDOM_HOME other users can enter: every folder on the way to run/ is 0755.</summary>
    private static void OpenToOthers(VibedomBinary vibedom)
    {
        var run = Directory.CreateDirectory(Path.Combine(vibedom.Home, "run")).FullName;
        const UnixFileMode open = (UnixFileMode)0b111_101_101;
        foreach (var folder in new[] { vibedom.Root, vibedom.Home, run })
        {
            File.SetUnixFileMode(folder, open);
        }
    }

    private static Task<ProcessResult> AsUserAsync(int uid, string script)
    {
        Prerequisite.RequireCommand("setpriv");
        Prerequisite.RequireCommand("ssh-add");
        var id = uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ProcessRunner.Default.RunAsync(new ProcessSpec("/usr/bin/setpriv", [$"--reuid={id}", $"--regid={id}", "--clear-groups", "--", "sh", "-c", script])
        {
            WorkingDirectory = "/",
            Timeout = TimeSpan.FromSeconds(60),
        });
    }
}
