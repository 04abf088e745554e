using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Core.Sessions;
using Vibedom.Core.Sessions.Hosting;

namespace Vibedom.Core.Ssh;

/// <summary>
/// A session's second helper: an ssh-agent on the host holding only the deploy key, reached inside through a
/// filtering relay in the network folder, and the generated ssh_config, known_hosts (a copy of vibedom's, taken at
/// start) and gitconfig beside it. The private key is read by ssh-add on the host only; nothing of it is written
/// where the sandbox sees. The relay listens from the start; the agent starts at its first connection
/// (<see cref="AgentOnDemand"/>). Stopped with the session: the relay closes, the agent ends, its folder goes.
/// </summary>
public sealed class SshAgentHelper(VibedomHome home, Session session, string networkDirectory) : ISessionHelper
{
    private AgentOnDemand? _agent;
    private AgentRelay? _relay;

    public string Name => "ssh agent";

    public static string AgentDirectory(VibedomHome home, string sessionId) => Path.Combine(home.RunDirectory, "ssh-" + sessionId);

    /// <summary>
    /// The agent folder of a session whose vibedom died (SIGKILL): its ssh-agent ends on its own by its lifeline;
    /// the folder (a socket, nothing secret) is removed when the session is reconciled.
    /// </summary>
    public static void RemoveLeftovers(VibedomHome home, string sessionId)
    {
        try
        {
            Directory.Delete(AgentDirectory(home, sessionId), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>What a session without OpenSSH's agent says (it runs; only git over SSH is off).</summary>
    public const string NoAgent = "git over SSH is off for this session: ssh-agent is not installed (sudo apt-get install -y openssh-client)";

    public async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        if (ProcessRunner.Which("ssh-agent") is null)
        {
            // not a containment control: without it the sandbox simply has no SSH agent, so the session goes on
            session.Log.Warn(NoAgent);
            return "SSH agent: none";
        }

        // checked now, as when the agent started with the session: a missing or passphrase-protected key stops the run
        DeployKey.RequireUsablePrivateKey(home);
        var identity = GitIdentity.OfHostAsync(cancellationToken);
        _agent = new AgentOnDemand(AgentDirectory(home, session.Id), home.DeployKey, session.Log.Warn);
        Write(SshSandbox.ConfigName, SshSandbox.Config());
        Write(SshSandbox.KnownHostsName, File.Exists(home.KnownHostsFile) ? File.ReadAllText(home.KnownHostsFile) : string.Empty);
        Write(SshSandbox.GitConfigName, (await identity.ConfigureAwait(false)).GitConfig(session.Record.Workspace));
        _relay = AgentRelay.Start(Path.Combine(networkDirectory, SshSandbox.AgentSocketName), _agent.SocketAsync);
        return $"SSH agent for the deploy key {DeployKey.Fingerprint(home)} only, at {SshSandbox.InSandbox(SshSandbox.AgentSocketName)} inside (it starts at the first connection)";
    }

    public async Task StopAsync()
    {
        if (_relay is { } relay)
        {
            _relay = null;
            await relay.DisposeAsync().ConfigureAwait(false);
        }

        if (_agent is { } agent)
        {
            _agent = null;
            var started = agent.Started;
            await agent.DisposeAsync().ConfigureAwait(false);
            session.Log.Info(started ? "SSH agent stopped" : "SSH agent stopped (it was never used)");
        }
    }

    private void Write(string name, string content)
    {
        var path = Path.Combine(networkDirectory, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
