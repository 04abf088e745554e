using System.CommandLine;
using Vibedom.Cli.Sessions;
using Vibedom.Core.Config;
using Vibedom.Core.Limits;
using Vibedom.Core.Sessions;
using Vibedom.Core.Sessions.Hosting;
using Vibedom.Core.Sessions.Network;
using Vibedom.Proxy.Hosting;
using Vibedom.Runtimes.Namespace.Cgroups;

namespace Vibedom.Cli.Commands;

/// <summary>
/// Hidden: <c>vibedom __proxy-host SESSION</c> runs a detached session's egress proxy until the
/// session's sandbox ends (its supervisor is gone) or the session stops running.
/// </summary>
internal sealed class ProxyHostCommand : Command
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(30);

    private readonly Argument<string> _session = new("SESSION");

    public ProxyHostCommand(CliContext context)
        : base(ProxyHost.Verb, "Internal: host the egress proxy of a detached session.")
    {
        Hidden = true;
        Add(_session);
        SetAction(async (parse, cancellationToken) =>
        {
            var session = context.Sessions.Resolve(parse.GetRequiredValue(_session), "/");
            var config = ConfigLoader.Load(context.Home.ConfigFile);
            var network = SessionNetwork.Existing(context.Home, session.Id);
            try
            {
                await KnownSecretsOfSession.RememberAsync(context.Home, config, session, cancellationToken).ConfigureAwait(false);
                await using var proxy = await EgressProxy.StartAsync(network.ProxyOptions(context.Home, config, session, context.Time), cancellationToken).ConfigureAwait(false);
                File.WriteAllText(SessionHostProcess.PidFile(context.Home, session.Id), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                session.Log.Info($"Egress proxy listening on {proxy.UnixSocketPath} (background process {Environment.ProcessId})");

                // a detached sandbox's changes/ is watched here: this process lives exactly as long as it
                var disk = DiskWatcher.Start(session.Paths.Changes, ResourceLimits.ForThisMachine(config.Limits), () => session.Record.SupervisorPid, context.Time);
                await using (disk.ConfigureAwait(false))
                {
                    await WaitForSessionEndAsync(context, session, cancellationToken).ConfigureAwait(false);
                }

                if (disk.Reached is { } reached)
                {
                    session.NoteLimitsReached([reached]);
                }
            }
            finally
            {
                File.Delete(SessionHostProcess.PidFile(context.Home, session.Id));
                network.Delete();
                session.Log.Info("Egress proxy stopped; the sandbox has no network");
            }

            return 0;
        });
    }

    private static async Task WaitForSessionEndAsync(CliContext context, Session session, CancellationToken cancellationToken)
    {
        var started = context.Time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(Poll, context.Time, cancellationToken).ConfigureAwait(false);
            session.Reload();
            var record = session.Record;
            if (record.State == SessionState.Created && context.Time.GetUtcNow() - started < StartGrace)
            {
                continue;
            }

            if (record.State != SessionState.Running || record.SupervisorPid is not { } pid || !Directory.Exists($"/proc/{pid}"))
            {
                return;
            }
        }
    }
}
