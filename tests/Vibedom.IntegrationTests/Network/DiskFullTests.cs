using System.Text.Json;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Network;

/// <summary>
/// ~/.vibedom on a real 16 MiB tmpfs, filled by the agent itself through its changes: the proxy refuses the
/// request it cannot write an audit line for (nothing reaches the server), and every later one, and the session
/// still ends with its changes reviewable.
/// </summary>
public sealed class DiskFullTests
{
    [Fact]
    public async Task A_full_disk_refuses_egress_before_anything_is_sent_and_the_session_stays_reviewable()
    {
        Prerequisite.Require(Prerequisite.IsRoot, "mounting a small tmpfs needs root");
        TmpfsMount? disk = null;
        await using var s = await ProxiedSession.StartAsync(async v => disk = await TmpfsMount.MountAsync(v.Home, "16m", "0700"));
        try
        {
            var url = s.HttpsUrl("/hello");
            // bounded: dd stops at the 16 MiB the tmpfs holds
            var script = "echo kept > kept.txt; dd if=/dev/zero of=fill bs=64k 2>/dev/null; "
                + $"curl -s -o /dev/null -w 'first=%{{http_code}}\\n' '{url}'; rm -f fill; "
                + $"curl -s -o /dev/null -w 'second=%{{http_code}}:%{{http_connect}}\\n' '{url}'";

            var result = await s.RunInSandboxAsync(script);

            Assert.Contains("first=503", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("second=000:503", result.StandardOutput, StringComparison.Ordinal); // even the CONNECT is refused now
            Assert.Equal(0, s.Upstream.Requests);
            Assert.Contains("could not be written", result.StandardError, StringComparison.Ordinal);
            var sessions = await s.Vibedom.RunAsync("sessions", "--json");
            using var json = JsonDocument.Parse(sessions.StandardOutput);
            Assert.Equal("exited", json.RootElement[0].GetProperty("state").GetString());
            var diff = await s.Vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: s.Workspace);
            Assert.Contains("kept.txt", diff.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            if (disk is not null)
            {
                await disk.DisposeAsync();
            }
        }
    }
}
