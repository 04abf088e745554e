using Microsoft.Win32.SafeHandles;
using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Agents;

/// <summary>
/// Which session holds an agent's shared state (<c>~/.vibedom/agents/NAME/</c>): a shared flock on
/// <c>~/.vibedom/agents/NAME.lock</c> (outside the state, never in a sandbox), held by every process of the holding
/// session that outlives its start (the CLI of a foreground run; the CLI, then the session host of a detached one,
/// which joins before the CLI lets go). A new session tests it under a gate (<c>NAME.gate</c>): no holder, it becomes
/// the holder; else it gets a private copy (<see cref="AgentStateCopy"/>). Released when the holders' descriptors close,
/// also when they die.
/// </summary>
public sealed class AgentStateLock : IDisposable
{
    private readonly SafeFileHandle _file;

    private AgentStateLock(SafeFileHandle file) => _file = file;

    /// <summary>The hold on the agent's shared state, or null while another session holds it.</summary>
    /// <exception cref="IOException">The lock file cannot be made or locked.</exception>
    public static AgentStateLock? TryHold(string agentsDirectory, string agent)
    {
        using var gate = LibC.OpenLockFile(Path.Combine(agentsDirectory, agent + ".gate"));
        _ = LibC.Flock(gate, LibC.LockExclusive); // one tester at a time: the test and the hold below are one step
        var file = LibC.OpenLockFile(LockPath(agentsDirectory, agent));
        try
        {
            if (!LibC.Flock(file, LibC.LockExclusive | LibC.LockNoWait))
            {
                file.Dispose();
                return null;
            }

            _ = LibC.Flock(file, LibC.LockShared); // shared from now on: the session host of a detached run joins it
            return new AgentStateLock(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Joins the hold of the session whose CLI holds it (a detached session's host, before the CLI lets go).</summary>
    /// <exception cref="IOException">The lock file cannot be opened or locked.</exception>
    public static AgentStateLock Join(string agentsDirectory, string agent)
    {
        var file = LibC.OpenLockFile(LockPath(agentsDirectory, agent));
        try
        {
            _ = LibC.Flock(file, LibC.LockShared); // waits only while a new session tests it (an instant, under the gate)
            return new AgentStateLock(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose() => _file.Dispose();

    private static string LockPath(string agentsDirectory, string agent) => Path.Combine(agentsDirectory, agent + ".lock");
}
