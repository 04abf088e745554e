using Vibedom.Cli.Sessions;
using Vibedom.Core.Sessions;
using Vibedom.Runtimes.Namespace;

namespace Vibedom.Cli.Commands;

/// <summary>
/// Every command that reads sessions first notices dead ones (vibedom killed mid-session) and marks them, and
/// removes run state (network folders, proxy pid files) of sessions that are not running.
/// </summary>
internal static class SessionMaintenance
{
    public static SessionStore Reconcile(CliContext context)
    {
        var store = new SessionStore(context.Home, context.Time);
        if (OperatingSystem.IsLinux() && Directory.Exists(context.Home.LogsDirectory))
        {
            foreach (var session in new NamespaceRuntime(context.Home, context.Time).CleanupOrphans(store))
            {
                SessionNetwork.Existing(context.Home, session.Id).Delete();
                File.Delete(ProxyHost.PidFile(context.Home, session.Id));
                context.Error.WriteLine(session.Record.State == SessionState.Dead
                    ? $"vibedom: session {session.Id} was left running by a vibedom that stopped; marked dead, its changes are kept for review"
                    : $"vibedom: session {session.Id} finished in the background (exit code {session.Record.ExitCode}); review it with 'vibedom diff {session.Id}'");
            }
        }

        ProxyHost.NoteDeadProxies(context.Home, store);
        StaleRunState.Remove(context.Home, store, context.Time);
        return store;
    }
}
