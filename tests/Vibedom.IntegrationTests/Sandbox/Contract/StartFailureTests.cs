using Vibedom.Core;
using Vibedom.Core.Errors;
using Vibedom.Core.Sessions;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox.Contract;

/// <summary>A sandbox that cannot be built is never a running agent: one line with the reason, exit 3, the session ended.</summary>
public sealed class StartFailureTests
{
    [Theory]
    [MemberData(nameof(ContractRuntimes.All), MemberType = typeof(ContractRuntimes))]
    public async Task A_sandbox_that_cannot_be_built_fails_with_exit_3_naming_what_is_missing(string runtime, SandboxUser user)
    {
        using var h = new SandboxHarness(runtime, user);
        var missing = h.PathOf("no-such-tools");

        var e = await Assert.ThrowsAsync<VibedomException>(() => h.RunPlanAsync(h.Plan(["/bin/sh", "-c", "touch ran"], readOnlyMounts: [missing])));

        Assert.Equal(ExitCodes.RuntimeUnavailable, e.ExitCode);
        Assert.StartsWith("the sandbox did not start: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(File.Exists(Path.Combine(h.Changes, "ran")), "the command ran");
        h.Session.Reload();
        Assert.Equal(SessionState.Exited, h.Session.Record.State);
    }
}
