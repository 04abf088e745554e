using System.Globalization;
using Vibedom.Core.Errors;
using Vibedom.Core.Processes;

namespace Vibedom.Core.Ssh;

/// <summary>
/// One OpenSSH <c>ssh-agent</c> on a private socket (a 0700 folder under run/, never inside a sandbox), started with
/// a cleared environment (never the host's <c>SSH_AUTH_SOCK</c>) and holding only the deploy key. Its lifeline is a
/// pipe: ssh-agent runs <c>sh -c 'cat'</c> reading the pipe as its command, so when this process ends (even killed)
/// the command ends and the agent follows it (ssh-agent checks its command every 10 s). Stop ends it at once.
/// </summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyWait = TimeSpan.FromSeconds(10);
    private readonly ProcessChannel _lifeline;
    private readonly string _directory;

    private AgentProcess(ProcessChannel lifeline, string directory)
    {
        _lifeline = lifeline;
        _directory = directory;
    }

    public string SocketPath => Path.Combine(_directory, "agent.sock");

    private string PidFile => Path.Combine(_directory, "agent.pid");

    /// <summary>Starts the agent in <paramref name="directory"/> (created 0700) and adds <paramref name="deployKey"/> to it.</summary>
    public static async Task<AgentProcess> StartAsync(string directory, string deployKey, CancellationToken cancellationToken)
    {
        if (!File.Exists(deployKey))
        {
            throw VibedomException.Config($"the deploy key {deployKey} is missing; run 'vibedom init' to create it");
        }

        var agent = ProcessRunner.Which("ssh-agent") ?? throw VibedomException.Prerequisite("ssh-agent is missing (sudo apt-get install -y openssh-client)");
        var add = ProcessRunner.Which("ssh-add") ?? throw VibedomException.Prerequisite("ssh-add is missing (sudo apt-get install -y openssh-client)");
        var setsid = ProcessRunner.Which("setsid") ?? throw VibedomException.Prerequisite("setsid is missing (sudo apt-get install -y util-linux)");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var started = new AgentProcess(await ProcessRunner.Default.StartWithChannelAsync(
            new ProcessSpec(setsid, ["-f", agent, "-a", Path.Combine(directory, "agent.sock"), "--", "/bin/sh", "-c", "echo \"$SSH_AGENT_PID\" > \"$0\"; exec cat >/dev/null", Path.Combine(directory, "agent.pid")])
            {
                InheritBasicEnvironment = false,
                Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
                WorkingDirectory = directory,
                Timeout = TimeSpan.FromSeconds(10),
            }, cancellationToken).ConfigureAwait(false), directory);
        try
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!File.Exists(started.SocketPath) || !File.Exists(started.PidFile))
            {
                if (waited.Elapsed > ReadyWait)
                {
                    throw VibedomException.Failed("the session's ssh-agent did not start");
                }

                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }

            var added = await ProcessRunner.Default.RunAsync(new ProcessSpec(add, ["-q", deployKey])
            {
                InheritBasicEnvironment = false,
                Environment = new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = started.SocketPath, ["PATH"] = "/usr/bin:/bin" },
                StandardInput = string.Empty,
                Timeout = TimeSpan.FromSeconds(10),
            }, cancellationToken).ConfigureAwait(false);
            if (!added.Succeeded)
            {
                throw VibedomException.Failed($"the deploy key {deployKey} could not be added to the session's ssh-agent: {added.FirstErrorLine} (a key with a passphrase cannot be used; 'vibedom key --rotate' makes a new one)");
            }

            return started;
        }
        catch
        {
            await started.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Ends the agent (SIGTERM to the pid it reported, checked to be an ssh-agent), closes its lifeline, removes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && File.ReadAllText($"/proc/{pid}/comm").Trim() == "ssh-agent")
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // already gone: the lifeline below ends it otherwise
        }

        await _lifeline.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
