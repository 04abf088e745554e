using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Core.Sessions.Network;
using Vibedom.Proxy.Credentials;

namespace Vibedom.Core.Sessions.Hosting;

/// <summary>
/// Starts a detached session's host process (<c>vibedom __session-host SESSION</c> under <c>setsid -f</c>: its own
/// session, stdout and stderr on /dev/null) and hands it the secret values and the credentials over its standard input; returns the
/// channel once the host's helpers listen. The caller says <c>started</c> on it once the sandbox runs.
/// </summary>
public static class DetachedHost
{
    private static readonly TimeSpan ReadyWait = TimeSpan.FromSeconds(15);

    public static async Task<ProcessChannel> StartAsync(
        VibedomHome home, TimeProvider time, Session session, IEnumerable<string> secrets, IEnumerable<string> workspaceSecrets, IReadOnlyList<ProxyCredential> credentials, SessionAllowlist allowlist, CancellationToken cancellationToken)
    {
        var self = Environment.ProcessPath ?? throw VibedomException.Failed("cannot find the vibedom executable to host the session");
        var setsid = ProcessRunner.Which("setsid") ?? throw VibedomException.Prerequisite("setsid is missing (sudo apt-get install -y util-linux)");
        var channel = await ProcessRunner.Default.StartWithChannelAsync(new ProcessSpec("/bin/sh", ["-c", "exec \"$0\" -f \"$@\" >/dev/null 2>&1", setsid, self, SessionHostProcess.Verb, session.Id])
        {
            Environment = new Dictionary<string, string> { ["VIBEDOM_HOME"] = home.Root },
            Timeout = TimeSpan.FromSeconds(10),
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var line in HostChannel.SecretLines(secrets, workspaceSecrets, credentials, allowlist))
            {
                if (!await channel.SendAsync(line).ConfigureAwait(false))
                {
                    throw NotStarted(session);
                }
            }

            var socket = SessionNetwork.Existing(home, session.Id).SocketPath;
            var deadline = time.GetUtcNow() + ReadyWait;
            while (!File.Exists(socket))
            {
                if (time.GetUtcNow() > deadline)
                {
                    throw NotStarted(session);
                }

                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }

            return channel;
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static VibedomException NotStarted(Session session) =>
        VibedomException.Failed($"the egress proxy of session {session.Id} did not start; see {session.Paths.SessionLog}");
}
