using Vibedom.Core.Home;
using Vibedom.Runtimes.Namespace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox;

public sealed class PrerequisiteTests
{
    [Fact]
    public async Task Doctor_checks_pass_on_this_machine_including_a_real_sandbox()
    {
        Prerequisite.RequireCommand("bwrap");
        using var dir = new TempDirectory();
        var runtime = new NamespaceRuntime(new VibedomHome(dir.Combine(".vibedom")), TimeProvider.System);

        var checks = await runtime.CheckPrerequisitesAsync(TestContext.Current.CancellationToken);

        Assert.All(checks, c => Assert.True(c.Ok, $"{c.Name}: {c.Detail} (fix: {c.Fix})"));
        // root needs unprivileged user namespaces too: a root-run sandbox runs bwrap as an unprivileged identity
        Assert.Equal(["bubblewrap", "sandbox helper", "overlayfs", "user namespaces", "unprivileged user namespaces", "AppArmor user namespace restriction", "pidfd", "resource limits", "sandbox"], checks.Select(c => c.Name));
    }
}
