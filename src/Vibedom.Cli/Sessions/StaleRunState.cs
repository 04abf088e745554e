using Vibedom.Core.Home;
using Vibedom.Core.Sessions;

namespace Vibedom.Cli.Sessions;

/// <summary>
/// Run state left behind by a vibedom that died (or a run that failed early): <c>run/net-&lt;id&gt;/</c> folders
/// (proxy socket, CA bundle) and <c>run/proxy-&lt;id&gt;.pid</c> files of sessions that are not running. Removed
/// by the reconciliation every session command runs. A session still being created (its pre-flight review may
/// be waiting for the user) keeps its folder for <see cref="CreatingGrace"/>.
/// </summary>
internal static class StaleRunState
{
    public static readonly TimeSpan CreatingGrace = TimeSpan.FromDays(1);

    public static void Remove(VibedomHome home, SessionStore store, TimeProvider time)
    {
        if (!Directory.Exists(home.RunDirectory))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories(home.RunDirectory, "net-*"))
        {
            var id = Path.GetFileName(folder)["net-".Length..];
            if (IsStale(home, store, id, time))
            {
                SessionNetwork.Existing(home, id).Delete();
            }
        }

        foreach (var file in Directory.GetFiles(home.RunDirectory, "proxy-*.pid"))
        {
            var id = Path.GetFileNameWithoutExtension(file)["proxy-".Length..];
            if (IsStale(home, store, id, time))
            {
                File.Delete(file);
            }
        }
    }

    private static bool IsStale(VibedomHome home, SessionStore store, string id, TimeProvider time)
    {
        if (id.Length == 0 || id.Contains('/', StringComparison.Ordinal) || id.StartsWith('.'))
        {
            return false;
        }

        var record = store.Open(new SessionPaths(Path.Combine(home.LogsDirectory, id)))?.Record;
        return record switch
        {
            null => true,
            { State: SessionState.Running } => false,
            { State: SessionState.Created } => time.GetUtcNow() - record.CreatedAt > CreatingGrace,
            _ => true,
        };
    }
}
