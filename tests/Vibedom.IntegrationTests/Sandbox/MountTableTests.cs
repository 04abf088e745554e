using Vibedom.Core.Sandbox;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>
/// The namespace runtime's whole mount table as the agent reads it in /proc/self/mountinfo: exactly the planned mount
/// points, each with its flags (read-only where read-only, nosuid and nodev everywhere but on the device nodes), whoever
/// builds which mount (bwrap, or the helper before it), started as root and as an ordinary user.
/// </summary>
public sealed class MountTableTests
{
    private static readonly string[] Devices = ["null", "zero", "full", "random", "urandom", "tty"];

    [Theory]
    [InlineData(SandboxUser.Root)]
    [InlineData(SandboxUser.Unprivileged)]
    public async Task The_sandbox_mounts_exactly_the_planned_paths_with_their_flags(SandboxUser user)
    {
        using var h = new SandboxHarness(user);
        var host = h.Host;

        var result = await h.ShAsync("cat /proc/self/mountinfo");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var mounts = MountInfoLine.ParseAll(result.StandardOutput);
        var top = mounts.GroupBy(m => m.MountPoint, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var expected = new Dictionary<string, string>(StringComparer.Ordinal) { ["/"] = "rw,nosuid,nodev" };
        foreach (var name in SandboxPolicy.SystemFolders.Where(n => host.SystemEntries.TryGetValue(n, out var link) && link is null))
        {
            expected["/" + name] = "ro,nosuid,nodev";
        }

        foreach (var file in host.EtcSecretFiles.Concat(["/etc/passwd", "/etc/group", "/run/vibedom/vibedom-init"]))
        {
            expected[file] = "ro,nosuid,nodev";
        }

        foreach (var writable in host.EtcSecretDirectories.Concat(SandboxPolicy.PrivateFolders).Append(SandboxPolicy.SandboxHome(host.Home)).Append(h.Workspace))
        {
            expected[writable] = "rw,nosuid,nodev";
        }

        expected["/proc"] = "rw,nosuid,nodev,noexec";
        expected["/dev"] = "rw,nosuid,nodev";
        expected["/dev/pts"] = "rw,nosuid,noexec";
        foreach (var device in Devices)
        {
            expected["/dev/" + device] = "rw,nosuid";
        }

        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), top.Select(p => KeyValuePair.Create(p.Key, p.Value.Flags)).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.EndsWith("/" + h.Session.Id + "/passwd", top["/etc/passwd"].Root, StringComparison.Ordinal); // the session's own file
        Assert.All(host.EtcSecretFiles, file => Assert.EndsWith("/null", top[file].Root, StringComparison.Ordinal));
        Assert.Equal("overlay", top[h.Workspace].FileSystem);
        if (host.IsRoot || host.EtcMounts.Count == 0)
        {
            Assert.Equal("overlay", top["/etc"].FileSystem); // the helper's read-only view of the host's /etc: the files above stand on its names
        }
    }

    [Fact]
    public async Task As_root_every_device_node_is_the_helpers_fresh_one_with_nothing_of_the_hosts_beneath()
    {
        using var h = new SandboxHarness(SandboxUser.Root);

        var result = await h.ShAsync("cat /proc/self/mountinfo");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var mounts = MountInfoLine.ParseAll(result.StandardOutput);
        foreach (var device in Devices)
        {
            var at = mounts.Where(m => m.MountPoint == "/dev/" + device).ToList();
            var only = Assert.Single(at);
            Assert.Equal("/vibedom-stage/dev/" + device, only.Root);
            Assert.Equal("tmpfs", only.FileSystem);
        }

        Assert.DoesNotContain(mounts, m => m.FileSystem == "devtmpfs" && m.MountPoint.StartsWith("/dev/", StringComparison.Ordinal));
    }
}
