using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Core.Sessions;
using Vibedom.Core.Sessions.Hosting;
using Vibedom.Core.Sessions.Network;

namespace Vibedom.Cli.Sessions;

/// <summary>
/// The egress proxy of a detached session lives in its own background vibedom process
/// (<c>vibedom __proxy-host SESSION</c>, started with <c>setsid -f</c>), which ends when the
/// session's sandbox does. If it dies, the sandbox's forwarder has nowhere to connect: no network.
/// </summary>
internal static class ProxyHost
{
    public const string Verb = SessionHostProcess.Verb;

    private static readonly TimeSpan ReadyWait = TimeSpan.FromSeconds(15);

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
