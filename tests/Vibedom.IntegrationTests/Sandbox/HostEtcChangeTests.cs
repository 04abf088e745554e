using Vibedom.Core.Processes;
using Vibedom.Core.Sandbox;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>
/// The files vibedom puts in the sandbox's /etc (its passwd and group, the CA bundle with its CA, the masks over the host's
/// secrets) stay for the whole session when the host replaces them as useradd, passwd and update-ca-certificates do: a new
/// file renamed over the old name. The host's /etc here is a fake one of the test's (<see cref="Vibedom.Runtimes.Namespace.HostLayout.EtcDirectory"/>),
/// never this machine's, which other sandboxes use; the mounts and the renames are real.
/// </summary>
public sealed class HostEtcChangeTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(SandboxUser.Root)]
    [InlineData(SandboxUser.Unprivileged)]
    public async Task What_vibedom_puts_in_etc_stays_when_the_host_renames_new_files_over_those_names(SandboxUser user)
    {
        using var etc = new TempDirectory("vibedom-etc");
        File.SetUnixFileMode(etc.Path, (UnixFileMode)0b111_101_101);
        var hostSecret = "etc-secret-" + Guid.NewGuid().ToString("N");
        string[] replaced = ["passwd", "group", "shadow", "gshadow", "ssh/ssh_host_ed25519_key", "ssl/certs/ca-certificates.crt"];
        foreach (var name in replaced)
        {
            etc.Write(name, $"{name}: host file at the start\n");
        }

        etc.Write("ssl/private/host.key", hostSecret + "\n");
        using var h = new SandboxHarness(user, host => host with
        {
            EtcDirectory = etc.Path,
            EtcMounts = [],
            EtcSecretFiles = ["/etc/gshadow", "/etc/shadow", "/etc/ssh/ssh_host_ed25519_key"],
            EtcSecretDirectories = ["/etc/ssl/private"],
        });
        var net = Directory.CreateDirectory(h.PathOf("net")).FullName;
        File.WriteAllText(Path.Combine(net, NetworkRoute.CaBundleName), "VIBEDOM TEST CA\n");
        var route = NetworkRoute.UnixSocket(net) with { SystemCaBundles = ["/etc/ssl/certs/ca-certificates.crt"] };
        await h.GiveToStarterAsync();
        await h.Runtime.StartDetachedAsync(h.Plan(["sleep", "300"], route), h.Events, TestContext.Current.CancellationToken);
        try
        {
            // as useradd, passwd and update-ca-certificates write: a new file, renamed over the old name
            foreach (var name in replaced)
            {
                var path = etc.Combine(name);
                File.WriteAllText(path + ".new", $"etc-host-user:x:1000:1000:{hostSecret}:/nonexistent:/bin/sh\n");
                File.Move(path + ".new", path, overwrite: true);
            }

            var result = await h.Runtime.ExecCapturedAsync(h.Session.Sandbox, ["/bin/sh", "-c",
                "id -un; cat /etc/passwd /etc/group /etc/ssl/certs/ca-certificates.crt; " +
                "for f in shadow gshadow ssh/ssh_host_ed25519_key; do test -s /etc/$f && echo NOT-MASKED $f; cat /etc/$f 2>/dev/null; done; " +
                "ls -A /etc/ssl/private"],
                cancellationToken: TestContext.Current.CancellationToken);

            Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
            var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("vibedom", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("vibedom:x:1000:1000:vibedom:", StringComparison.Ordinal));
            Assert.Contains("vibedom:x:1000:", lines);
            Assert.Contains("VIBEDOM TEST CA", lines);
            Assert.DoesNotContain("NOT-MASKED", result.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(hostSecret, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await h.Sessions().StopAsync(h.Session, Grace, TestContext.Current.CancellationToken);
        }
    }

    [Theory]
    [InlineData(SandboxUser.Root)]
    [InlineData(SandboxUser.Unprivileged)]
    public async Task A_mount_of_the_hosts_under_etc_is_shown_as_the_host_shows_it(SandboxUser user)
    {
        // as a container's /etc/hosts is: a file bound over the name in the host's /etc
        using var etc = new TempDirectory("vibedom-etc");
        using var elsewhere = new TempDirectory("vibedom-etc-src");
        File.SetUnixFileMode(etc.Path, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(elsewhere.Path, (UnixFileMode)0b111_101_101);
        var hosts = etc.Write("hosts", "127.0.0.1 beneath-the-mount\n");
        etc.Write("passwd", "root:x:0:0:root:/root:/bin/sh\n");
        etc.Write("group", "root:x:0:\n");
        var bound = elsewhere.Write("hosts", "127.0.0.1 the-hosts-mount\n");
        var cancel = TestContext.Current.CancellationToken;
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("mount", "--bind", bound, hosts), cancel);
        try
        {
            using var h = new SandboxHarness(user, host => host with
            {
                EtcDirectory = etc.Path, EtcMounts = ["/etc/hosts"], EtcSecretFiles = [], EtcSecretDirectories = [],
            });

            var result = await h.ShAsync("cat /etc/hosts");

            Assert.True(result.ExitCode == 0, result.StandardError);
            Assert.Equal("127.0.0.1 the-hosts-mount\n", result.StandardOutput);
        }
        finally
        {
            await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("umount", hosts), cancel);
        }
    }
}
