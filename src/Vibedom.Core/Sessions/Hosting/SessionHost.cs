using System.Globalization;
using Vibedom.Core.Agents;
using Vibedom.Core.Config;
using Vibedom.Core.Home;
using Vibedom.Core.Sessions.Launch;
using Vibedom.Core.Sessions.Network;
using Vibedom.Core.Ssh;

namespace Vibedom.Core.Sessions.Hosting;

/// <summary>
/// The body of a detached session's host process: learns the secret values over its channel, starts the session's
/// helpers, waits for the CLI's word that the sandbox runs, then for the runtime's word that it ended (no polling),
/// and stops the helpers. The one process per session that holds them; it ends with the sandbox.
/// </summary>
public sealed class SessionHost(VibedomHome home, TimeProvider time, SessionService sessions)
{
    public async Task<int> RunAsync(string sessionId, TextReader channel, CancellationToken cancellationToken)
    {
        var session = sessions.Resolve(sessionId, "/");
        var network = SessionNetwork.Existing(home, session.Id);
        var pidFile = SessionHostProcess.PidFile(home, session.Id);
        using var state = HoldAgentState(session); // joined before the CLI lets go of it: no instant without a holder
        var secrets = await HostChannel.ReadSecretsAsync(channel, cancellationToken).ConfigureAwait(false);
        if (secrets is null)
        {
            network.Delete();
            return ExitCodes.Cancelled; // the CLI went away before the sandbox could start
        }

        SecretRedactor.Warm(home.RulesDirectory); // records are redacted with the user's rules too
        SecretRedactor.Remember([.. secrets.Values, .. secrets.Credentials.Select(c => c.Value)]);
        SecretRedactor.RememberWorkspace(secrets.Workspace); // the proxy's DLP scrubs these
        var config = ConfigLoader.Load(home.ConfigFile);
        var proxy = network.ProxyOptions(home, config, session, time) with
        {
            Credentials = secrets.Credentials, SessionAllowlist = secrets.Allowlist.Hosts, SessionAllowlistOrigin = secrets.Allowlist.Origin,
        };
        List<ISessionHelper> helpers = [new EgressProxyHelper(session, proxy, deferred: false, _ => { }), new SshAgentHelper(home, session, network.Directory)];
        try
        {
            foreach (var helper in helpers)
            {
                session.Log.Info(await helper.StartAsync(cancellationToken).ConfigureAwait(false));
            }

            File.WriteAllText(pidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            if (await HostChannel.WaitStartedAsync(channel, cancellationToken).ConfigureAwait(false))
            {
                session.Reload();
                session.NoteLimitsReached(await sessions.RuntimeOf(session).WaitForEndAsync(session.Sandbox, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            for (var i = helpers.Count - 1; i >= 0; i--)
            {
                await helpers[i].StopAsync().ConfigureAwait(false);
            }

            File.Delete(pidFile);
            network.Delete();
            ClearAgentSetId(session); // the sandbox ended: no set-id file the agent made in its state stays on the host
            session.Log.Info("Session host ended; the sandbox has no network");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The shared agent state this session holds (the CLI told it in session.json); null for none or a private copy.</summary>
    private AgentStateLock? HoldAgentState(Session session)
    {
        if (session.Record.AgentState is not { Shared: true } state)
        {
            return null;
        }

        try
        {
            return AgentStateLock.Join(home.AgentsDirectory, state.Agent);
        }
        catch (IOException e)
        {
            session.Log.Warn($"Cannot hold the {state.Agent} state for this session ({e.Message}): a session started meanwhile may share it");
            return null;
        }
    }

    private static void ClearAgentSetId(Session session)
    {
        session.Reload();
        _ = AgentSetup.ClearSetId(session.Record.AgentState, session.Log.Warn);
    }
}
