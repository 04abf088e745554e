using Vibedom.Core.Agents;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Agents;

/// <summary>
/// Which session holds an agent's shared state: one holder at a time (a second session is told no, and gets a private
/// copy), a detached session's host joins the hold before its CLI lets go, and the hold ends with its last holder.
/// </summary>
public sealed class AgentStateLockTests
{
    [Fact]
    public void A_second_session_cannot_hold_the_state_while_the_first_does_and_can_once_it_let_go()
    {
        using var dir = new TempDirectory("agent-lock");

        var first = AgentStateLock.TryHold(dir.Path, "claude");
        var second = AgentStateLock.TryHold(dir.Path, "claude");
        var other = AgentStateLock.TryHold(dir.Path, "codex");

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(other); // another agent's state is another lock
        first.Dispose();
        using var third = AgentStateLock.TryHold(dir.Path, "claude");
        Assert.NotNull(third);
        other.Dispose();
    }

    [Fact]
    public void A_joined_hold_keeps_the_state_held_after_the_cli_lets_go_and_until_the_host_ends()
    {
        using var dir = new TempDirectory("agent-lock");
        var cli = AgentStateLock.TryHold(dir.Path, "claude")!;

        var host = AgentStateLock.Join(dir.Path, "claude");
        cli.Dispose();

        Assert.Null(AgentStateLock.TryHold(dir.Path, "claude"));
        host.Dispose();
        using var next = AgentStateLock.TryHold(dir.Path, "claude");
        Assert.NotNull(next);
    }
}
