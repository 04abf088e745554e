using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Core.Sessions;

namespace Vibedom.Cli.Sessions;

/// <summary>
/// The egress proxy of a detached session lives in its own background vibedom process
/// (<c>vibedom __proxy-host SESSION</c>, started with <c>setsid -f</c>), which ends when the
/// session's sandbox does. If it dies, the sandbox's forwarder has nowhere to connect: no network.
/// </summary>
internal static class ProxyHost
{
    public const string Verb = "__proxy-host";

    private static readonly TimeSpan ReadyWait = TimeSpan.FromSeconds(15);

    /// <summary>The background proxy's pid file (outside the folder the sandbox sees).</summary>
    public static string PidFile(VibedomHome home, string sessionId) => Path.Combine(home.RunDirectory, $"proxy-{sessionId}.pid");

    /// <summary>
    /// Called by every session command: a detached session whose proxy process is gone (killed, crashed)
    /// has no network any more; its session.log says so, once.
    /// </summary>
    public static void NoteDeadProxies(VibedomHome home, SessionStore store)
    {
        // only sessions with a proxy pid file can have lost their proxy: no second walk of every session
        var pidFiles = Directory.Exists(home.RunDirectory) ? Directory.GetFiles(home.RunDirectory, "proxy-*.pid") : [];
        foreach (var file in pidFiles)
        {
            var id = Path.GetFileNameWithoutExtension(file)["proxy-".Length..];
            var session = store.Open(new SessionPaths(Path.Combine(home.LogsDirectory, id)));
            if (session?.Record is not { State: SessionState.Running, Detached: true }
                || !int.TryParse(File.ReadAllText(file).Trim(), out var pid) || IsProxyHost(pid))
            {
                continue;
            }

            session.Log.Warn($"Egress proxy (pid {pid}) is gone: the sandbox has no network");
            File.Delete(file);
        }
    }

    private static bool IsProxyHost(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains(Verb);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static async Task StartDetachedAsync(CliContext context, Session session, CancellationToken cancellationToken)
    {
        var self = Environment.ProcessPath ?? throw VibedomException.Failed("cannot find the vibedom executable to host the proxy");
        var setsid = ProcessRunner.Which("setsid") ?? throw VibedomException.Prerequisite("setsid is missing (sudo apt-get install -y util-linux)");
        // the passed host variables too: the proxy redacts their values from network.jsonl
        var environment = new Dictionary<string, string>(KnownSecretsOfSession.PassedVariables(Core.Config.ConfigLoader.Load(context.Home.ConfigFile)))
        {
            ["VIBEDOM_HOME"] = context.Home.Root,
        };
        // detached from vibedom's terminal and pipes: its own session, stdio on /dev/null
        await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("/bin/sh", ["-c", "exec \"$0\" -f \"$@\" </dev/null >/dev/null 2>&1", setsid, self, Verb, session.Id])
        {
            Environment = environment,
            StandardInput = string.Empty,
            Timeout = TimeSpan.FromSeconds(10),
        }, cancellationToken).ConfigureAwait(false);

        var socket = SessionNetwork.Existing(context.Home, session.Id).SocketPath;
        var deadline = context.Time.GetUtcNow() + ReadyWait;
        while (!File.Exists(socket))
        {
            if (context.Time.GetUtcNow() > deadline)
            {
                throw VibedomException.Failed($"the egress proxy of session {session.Id} did not start; see {session.Paths.SessionLog}");
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }
}
