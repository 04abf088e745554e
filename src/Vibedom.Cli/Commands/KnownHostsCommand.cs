using System.CommandLine;
using Vibedom.Core.Config;
using Vibedom.Core.Ssh;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom known-hosts add HOST</c>: asks the host (from this machine) for its SSH keys, shows their fingerprints, adds them.</summary>
internal sealed class KnownHostsCommand : Command
{
    public KnownHostsCommand(CliContext context)
        : base("known-hosts", "Manage the SSH host keys sandboxes trust (~/.vibedom/known_hosts); nothing is trusted on first use inside.")
    {
        var host = new Argument<string>("HOST") { Description = "The SSH host, as git inside names it (git@HOST:org/repo)." };
        var port = new Option<int>("--port") { Description = "Its SSH port (default 22).", DefaultValueFactory = _ => 22 };
        var add = new Command("add", "Fetch HOST's SSH host keys from this machine (ssh-keyscan; [network.hosts] applies), show their fingerprints and add them.")
        {
            host,
            port,
        };
        add.SetAction(async (parse, cancellationToken) =>
        {
            var config = ConfigLoader.Load(context.Home.ConfigFile);
            var keys = await KnownHosts.ScanAsync(parse.GetValue(host)!, parse.GetValue(port), config, cancellationToken).ConfigureAwait(false);
            var output = context.Console.Profile.Out.Writer;
            foreach (var key in keys)
            {
                output.WriteLine($"{key.Fingerprint} {key.Type}");
            }

            var added = KnownHosts.Add(context.Home, keys);
            output.WriteLine(added.Count == 0
                ? $"Already in {context.Home.KnownHostsFile}; nothing changed."
                : $"Added {added.Count} key(s) to {context.Home.KnownHostsFile}. Compare the fingerprints above with what the server's owner publishes.");
            return 0;
        });
        Add(add);
    }
}
