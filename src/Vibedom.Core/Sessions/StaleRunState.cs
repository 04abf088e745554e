using Vibedom.Core.Home;
using Vibedom.Core.Sessions.Hosting;
using Vibedom.Core.Sessions.Network;

namespace Vibedom.Core.Sessions;

/// <summary>
/// Run state left behind by a vibedom that died (or a run that failed early): <c>run/net-&lt;id&gt;/</c> folders
/// (proxy socket, CA bundle) and <c>run/proxy-&lt;id&gt;.pid</c> files of sessions that are not running. Removed
/// by the reconciliation of every session lookup. A session still being created (its pre-flight review may
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
            if (IsStale(store, id, time))
            {
                SessionNetwork.Existing(home, id).Delete();
            }
        }

        foreach (var folder in Directory.GetDirectories(home.RunDirectory, "ssh-*"))
        {
            var id = Path.GetFileName(folder)["ssh-".Length..];
            if (IsStale(store, id, time))
            {
                Ssh.SshAgentHelper.RemoveLeftovers(home, id);
            }
        }

        foreach (var file in Directory.GetFiles(home.RunDirectory, "proxy-*.pid"))
        {
            var id = Path.GetFileNameWithoutExtension(file)["proxy-".Length..];
            if (IsStale(store, id, time))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>
    /// A detached session whose host process is gone (killed, crashed) has no network any more; its session.log
    /// says so, once. Only sessions with a pid file can have lost their host: no walk of every session.
    /// </summary>
    public static void NoteDeadHosts(VibedomHome home, SessionStore store)
    {
        var pidFiles = Directory.Exists(home.RunDirectory) ? Directory.GetFiles(home.RunDirectory, "proxy-*.pid") : [];
        foreach (var file in pidFiles)
        {
            var session = store.OpenById(Path.GetFileNameWithoutExtension(file)["proxy-".Length..]);
            if (session?.Record is not { State: SessionState.Running, Detached: true }
                || !int.TryParse(ReadOrEmpty(file).Trim(), out var pid) || SessionHostProcess.IsHost(pid))
            {
                continue;
            }

            session.Log.Warn($"Egress proxy (pid {pid}) is gone: the sandbox has no network");
            File.Delete(file);
        }
    }

    private static bool IsStale(SessionStore store, string id, TimeProvider time)
    {
        if (id.Length == 0 || id.Contains('/', StringComparison.Ordinal) || id.StartsWith('.'))
        {
            return false;
        }

        var record = store.OpenById(id)?.Record;
        return record switch
        {
            null => true,
            { State: SessionState.Running } => false,
            { State: SessionState.Created } => time.GetUtcNow() - record.CreatedAt > CreatingGrace,
            _ => true,
        };
    }

    /// <summary>A pid file the ending host removed meanwhile reads as empty (nothing to note).</summary>
    private static string ReadOrEmpty(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
