using System.Text.Json;
using Vibedom.Core.Processes;
using Vibedom.Testing;
using Vibedom.Testing.Network;

namespace Vibedom.IntegrationTests.Ssh;

/// <summary>
/// The real binary after a real `init`, a real sshd on 127.0.0.1 named <see cref="Host"/> (pinned by [network.hosts],
/// listed as git.test:22, its host key added with `vibedom known-hosts add`), and a host git identity.
/// </summary>
internal sealed class SshSession : IAsyncDisposable
{
    public const string Host = "git.test";
    public const string UserName = "Ada Lovelace";
    public const string UserEmail = "ada@example.invalid";

    private SshSession(VibedomBinary vibedom, SshServer server, string workspace)
    {
        Vibedom = vibedom;
        Server = server;
        Workspace = workspace;
    }

    public VibedomBinary Vibedom { get; }

    public SshServer Server { get; }

    public string Workspace { get; }

    public string DeployPublicKey => File.ReadAllText(Path.Combine(Vibedom.Home, "keys", "id_ed25519_vibedom.pub")).Trim();

    public string DeployPrivateKey => File.ReadAllText(Path.Combine(Vibedom.Home, "keys", "id_ed25519_vibedom"));

    public string KnownHostsPath => Path.Combine(Vibedom.Home, "known_hosts");

    /// <summary>The clone URL inside, scp-like as people write it.</summary>
    public string Url => $"root@{Host}:{Server.RepositoryPath}";

    /// <param name="authorise">false: the sshd authorises another key, not the deploy key</param>
    public static async Task<SshSession> StartAsync(bool authorise = true)
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("ssh");
        var vibedom = new VibedomBinary();
        var init = await vibedom.RunAsync("init");
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException("init failed: " + init.StandardError);
        }

        var key = File.ReadAllText(Path.Combine(vibedom.Home, "keys", "id_ed25519_vibedom.pub"));
        if (!authorise)
        {
            var other = Path.Combine(vibedom.Root, "other_key");
            await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", other));
            key = File.ReadAllText(other + ".pub");
        }

        var server = await SshServer.StartAsync(key);
        File.AppendAllText(Path.Combine(vibedom.Home, "trusted_domains.txt"), $"\n{Host}:22\n");
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), $"""
            [network]
            allow_private = ["127.0.0.1/32"]
            [network.hosts]
            "{Host}" = "127.0.0.1:{server.Port}"
            """);
        var added = await vibedom.RunAsync("known-hosts", "add", Host);
        if (added.ExitCode != 0)
        {
            throw new InvalidOperationException("known-hosts add failed: " + added.StandardError + added.StandardOutput);
        }

        var userHome = Path.Combine(vibedom.Root, "user-home");
        Directory.CreateDirectory(userHome);
        File.WriteAllText(Path.Combine(userHome, ".gitconfig"), $"[user]\n\tname = {UserName}\n\temail = {UserEmail}\n[credential]\n\thelper = store\n[alias]\n\tco = checkout\n");
        return new SshSession(vibedom, server, vibedom.Workspace("proj", ("README.md", "a project\n")));
    }

    public Task<ProcessResult> RunInSandboxAsync(string script, IReadOnlyDictionary<string, string>? environment = null) =>
        Vibedom.RunAsync(["run", Workspace, "--yes", "--", "bash", "-c", script], input: null, environment: environment);

    /// <summary>The network.jsonl objects of the newest session (final lines only).</summary>
    public IReadOnlyList<JsonElement> NetworkLog()
    {
        var logs = Path.Combine(Vibedom.Home, "logs");
        var newest = Directory.GetDirectories(logs, "session-*").OrderDescending(StringComparer.Ordinal).First();
        var path = Path.Combine(newest, "network.jsonl");
        return File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).Where(e => !e.TryGetProperty("phase", out _)).ToList()
            : [];
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Vibedom.Dispose();
    }
}
