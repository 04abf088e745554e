using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vibedom.Core.Processes;

namespace Vibedom.Testing.Network;

/// <summary>
/// A real OpenSSH sshd on 127.0.0.1 (a free port, its own config, host key and authorized_keys in a temp folder),
/// serving a bare repository <see cref="RepositoryPath"/> with one commit. Runs as root (tests that need it require root).
/// </summary>
public sealed class SshServer : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("vibedom-sshd");

    private SshServer()
    {
    }

    public int Port { get; private set; }

    public string RepositoryPath => _dir.Combine("repo.git");

    public string AuthorizedKeysPath => _dir.Combine("authorized_keys");

    public string HostPublicKeyPath => _dir.Combine("host_ed25519.pub");

    /// <summary>The known_hosts line for <paramref name="name"/> (port 22 as ssh inside sees it).</summary>
    public string KnownHostsLine(string name)
    {
        var parts = File.ReadAllText(HostPublicKeyPath).Trim().Split(' ');
        return $"{name} {parts[0]} {parts[1]}";
    }

    /// <summary>Requires sshd (openssh-server) and root; starts one authorising <paramref name="authorizedPublicKey"/>.</summary>
    public static async Task<SshServer> StartAsync(string authorizedPublicKey)
    {
        Prerequisite.Require(File.Exists("/usr/sbin/sshd"), "sshd is missing (sudo apt-get install -y openssh-server)");
        Prerequisite.Require(Prerequisite.IsRoot, "a test sshd runs as root");
        Prerequisite.RequireCommand("git");
        var server = new SshServer();
        await server.InitializeAsync(authorizedPublicKey);
        return server;
    }

    private async Task InitializeAsync(string authorizedPublicKey)
    {
        Directory.CreateDirectory("/run/sshd");
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", _dir.Combine("host_ed25519")));
        File.WriteAllText(AuthorizedKeysPath, authorizedPublicKey.Trim() + "\n");
        var source = _dir.Combine("src");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "hello.txt"), GitFixture.Content);
        await GitAsync(source, "init", "-q", "-b", "main");
        await GitAsync(source, "add", "hello.txt");
        await GitAsync(source, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "first");
        await GitAsync(_dir.Path, "clone", "-q", "--bare", source, RepositoryPath);
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            File.WriteAllText(_dir.Combine("sshd_config"), $"""
                Port {Port.ToString(CultureInfo.InvariantCulture)}
                ListenAddress 127.0.0.1
                HostKey {_dir.Combine("host_ed25519")}
                PidFile {_dir.Combine("sshd.pid")}
                AuthorizedKeysFile {AuthorizedKeysPath}
                AuthenticationMethods publickey
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PermitRootLogin prohibit-password
                StrictModes no
                UsePAM no
                AllowUsers root
                LogLevel VERBOSE

                """);
            var started = await ProcessRunner.Default.RunAsync(new ProcessSpec("/usr/sbin/sshd", ["-f", _dir.Combine("sshd_config"), "-E", _dir.Combine("sshd.log")]) { Timeout = TimeSpan.FromSeconds(20) });
            if (started.Succeeded && await ListensAsync())
            {
                return;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException("sshd did not start: " + started.StandardError + Log);
            }
        }
    }

    public string Log => File.Exists(_dir.Combine("sshd.log")) ? File.ReadAllText(_dir.Combine("sshd.log")) : string.Empty;

    /// <summary>The files of the repository's main branch at its head, as text (<c>git show main:PATH</c>).</summary>
    public async Task<string> ShowAsync(string path) =>
        (await ProcessRunner.Default.RunAsync(new ProcessSpec("git", ["--git-dir", RepositoryPath, "show", "main:" + path]))).StandardOutput;

    private async Task<bool> ListensAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task GitAsync(string directory, params string[] arguments) =>
        await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("git", arguments)
        {
            WorkingDirectory = directory,
            Environment = new Dictionary<string, string> { ["GIT_CONFIG_NOSYSTEM"] = "1", ["GIT_CONFIG_GLOBAL"] = "/dev/null" },
        });

    public async ValueTask DisposeAsync()
    {
        var pidFile = _dir.Combine("sshd.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            await ProcessRunner.Default.RunAsync(ProcessSpec.Of("kill", pid.ToString(CultureInfo.InvariantCulture)));
        }

        _dir.Dispose();
    }
}
