using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions.Hosting;
using Vibedom.Core.Workspace;
using Vibedom.Proxy.Credentials;

namespace Vibedom.Core.Sessions.Launch;

/// <summary>
/// A detached run: the session's helpers live in its host process, started once the pre-flight review continued and
/// told the secret values over a pipe; it ends when the runtime reports the sandbox ended.
/// </summary>
public sealed partial class SessionLauncher
{
    private async Task<int> StartDetachedAsync(
        ISandboxRuntime runtime, Session session, SandboxRequest request, LaunchOptions options, IReadOnlyList<ProxyCredential> credentials, AgentSetup agent, Task rules, CancellationToken cancellationToken)
    {
        await LogCreatedAsync(session, request, credentials, agent, rules).ConfigureAwait(false);
        request = await PreflightAsync(session, request, options, cancellationToken).ConfigureAwait(false);
        SessionWorkspace.CaptureManifest(session, cancellationToken, flaggedFiles);
        var host = await DetachedHost.StartAsync(home, time, session, SecretRedactor.Known.Values, SecretRedactor.Workspace.Values, credentials, new SessionAllowlist(agent.Origin, agent.ProxyOptionsAllowlist), cancellationToken).ConfigureAwait(false);
        await using (host.ConfigureAwait(false))
        {
            await runtime.StartDetachedAsync(runtime.Prepare(request), new SessionEvents(session, time), cancellationToken).ConfigureAwait(false);
            if (!await host.SendAsync(HostChannel.StartedLine).ConfigureAwait(false))
            {
                session.Log.Warn("The session host ended before the sandbox started: the sandbox has no network");
            }
        }

        return ExitCodes.Ok;
    }
}
