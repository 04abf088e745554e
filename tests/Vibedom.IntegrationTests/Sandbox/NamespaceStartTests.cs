using Vibedom.Core;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>The namespace runtime's start, as root: a sandbox that cannot be built says why (exit 3), a run records its end.</summary>
public sealed class NamespaceStartTests
{
    [Fact]
    public async Task Sandbox_that_cannot_be_built_fails_with_exit_3_and_the_reason()
    {
        using var h = new SandboxHarness(SandboxUser.Root);
        var missing = h.PathOf("no-such-tools");

        var e = await Assert.ThrowsAsync<Vibedom.Core.Errors.VibedomException>(() => h.Runtime.RunCapturedAsync(h.Plan(["true"], readOnlyMounts: [missing]), h.Events, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ExitCodes.RuntimeUnavailable, e.ExitCode);
        // as root the helper stages every source before bwrap runs (as an unprivileged identity), so it is the one to say so
        Assert.StartsWith($"the sandbox did not start: cannot find source path {missing}: No such file or directory", e.Message, StringComparison.Ordinal);
        h.Session.Reload();
        Assert.Equal(Vibedom.Core.Sessions.SessionState.Exited, h.Session.Record.State);
    }

    [Fact]
    public async Task Detached_sandbox_that_cannot_be_built_fails_with_exit_3()
    {
        using var h = new SandboxHarness(SandboxUser.Root);

        var e = await Assert.ThrowsAsync<Vibedom.Core.Errors.VibedomException>(() => h.Runtime.StartDetachedAsync(h.Plan(["sleep", "30"], readOnlyMounts: [h.PathOf("no-such-tools")]), h.Events, TestContext.Current.CancellationToken));

        Assert.Equal(ExitCodes.RuntimeUnavailable, e.ExitCode);
        Assert.Contains("cannot find source path", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Foreground_run_returns_the_commands_exit_code_and_records_it()
    {
        using var h = new SandboxHarness(SandboxUser.Root);

        var code = await h.Runtime.RunAsync(h.Plan(["/bin/sh", "-c", "exit 42"]), h.Events, TestContext.Current.CancellationToken);

        Assert.Equal(42, code);
        h.Session.Reload();
        Assert.Equal(Vibedom.Core.Sessions.SessionState.Exited, h.Session.Record.State);
        Assert.Equal(42, h.Session.Record.ExitCode);
        Assert.NotNull(h.Session.Record.StartedAt);
        Assert.NotNull(h.Session.Record.EndedAt);
        var log = File.ReadAllLines(h.Session.Paths.SessionLog);
        Assert.Contains(log, l => l.Contains($"INFO: Sandbox started (namespace runtime, started as root, running as a host uid of its own from {h.Host.SandboxHostUid}, no network", StringComparison.Ordinal));
        Assert.Contains(log, l => l.EndsWith("INFO: Command exited with code 42", StringComparison.Ordinal));
    }
}
