using Vibedom.Core.Config;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions.Hosting;
using Vibedom.Core.Sessions.Network;
using Vibedom.Core.Ssh;
using Vibedom.Core.Workspace;
using Vibedom.Proxy.Credentials;

namespace Vibedom.Core.Sessions.Launch;

/// <summary>
/// A foreground run: the session's helpers live in this process (measured: a host process of its own would add a
/// second runtime start to every run; see docs/ARCHITECTURE.md "Start-up"). The proxy starts while the pre-flight
/// scan runs; the values the scan finds reach it afterwards through <see cref="SecretRedactor.Known"/>.
/// </summary>
public sealed partial class SessionLauncher
{
    private async Task<int> RunForegroundAsync(
        ISandboxRuntime runtime, Session session, SandboxRequest request, LaunchOptions options, VibedomConfig config, SessionNetwork network,
        IReadOnlyList<ProxyCredential> credentials, AgentSetup agent, Task rules, CancellationToken cancellationToken)
    {
        var proxyOptions = network.ProxyOptions(home, config, session, time) with
        {
            Credentials = credentials, SessionAllowlist = agent.ProxyOptionsAllowlist, SessionAllowlistOrigin = agent.Origin,
        };
        ISessionHelper proxy = new EgressProxyHelper(session, proxyOptions, deferred: true, notice);
        ISessionHelper ssh = new SshAgentHelper(home, session, network.Directory);
        var starting = Task.Run(() => proxy.StartAsync(cancellationToken), cancellationToken);
        var sshStarting = Task.Run(() => ssh.StartAsync(cancellationToken), cancellationToken);
        try
        {
            await LogCreatedAsync(session, request, credentials, agent, rules).ConfigureAwait(false);
            request = await PreflightAsync(session, request, options, cancellationToken).ConfigureAwait(false);
            session.Log.Info(await starting.ConfigureAwait(false));
            session.Log.Info(await sshStarting.ConfigureAwait(false));

            // the manifest (conflict detection at apply) is taken while the sandbox starts:
            // the sandbox cannot change the workspace, so nothing it does can race it
            var manifest = SessionWorkspace.CaptureManifestAsync(session, cancellationToken, flaggedFiles);
            var run = runtime.RunAsync(runtime.Prepare(request), new SessionEvents(session, time), cancellationToken);
            await manifest.ConfigureAwait(false);
            return await run.ConfigureAwait(false);
        }
        finally
        {
            await SettledAsync(starting).ConfigureAwait(false);
            await SettledAsync(sshStarting).ConfigureAwait(false);
            await ssh.StopAsync().ConfigureAwait(false);
            await proxy.StopAsync().ConfigureAwait(false);
        }
    }

    private static async Task SettledAsync(Task starting)
    {
        try
        {
            await starting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // its failure was (or will be) reported where it was awaited
        }
    }
}
