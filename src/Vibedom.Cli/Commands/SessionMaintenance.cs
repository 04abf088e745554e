using Vibedom.Core.Sessions;

namespace Vibedom.Cli.Commands;

/// <summary>Every command that reads sessions first notices dead ones (vibedom killed mid-session) and marks them.</summary>
internal static class SessionMaintenance
{
    public static SessionStore Reconcile(CliContext context)
    {
        var store = new SessionStore(context.Home, context.Time);
        return store;
    }
}
