using System.CommandLine;
using Vibedom.Core.Ssh;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom key [--rotate | --confirm]</c>: the deploy key's public half and where to add it; a new key, the old one kept until confirmed.</summary>
internal sealed class KeyCommand : Command
{
    private readonly Option<bool> _rotate = new("--rotate") { Description = "Make a new deploy key; the old one is kept as .old until --confirm (sessions use the new one)." };
    private readonly Option<bool> _confirm = new("--confirm") { Description = "The new key is registered everywhere: delete the kept .old key." };

    public KeyCommand(CliContext context)
        : base("key", "Print the deploy key (git over SSH inside sandboxes; its private half never enters them) and where to add it.")
    {
        Add(_rotate);
        Add(_confirm);
        SetAction(async (parse, cancellationToken) =>
        {
            var output = context.Console.Profile.Out.Writer;
            var home = context.Home;
            if (parse.GetValue(_rotate) && parse.GetValue(_confirm))
            {
                throw Core.Errors.VibedomException.Usage("--rotate and --confirm cannot be given together");
            }

            if (parse.GetValue(_confirm))
            {
                output.WriteLine(DeployKey.ConfirmRotation(home)
                    ? $"Deleted the old deploy key {DeployKey.OldKeyPath(home)}."
                    : "There is no old deploy key to delete.");
                return 0;
            }

            if (parse.GetValue(_rotate))
            {
                var old = DeployKey.Fingerprint(home);
                await DeployKey.RotateAsync(home, Environment.MachineName, cancellationToken).ConfigureAwait(false);
                output.WriteLine($"New deploy key {DeployKey.Fingerprint(home)}; the old one ({old}) is kept at {DeployKey.OldKeyPath(home)}.");
                output.WriteLine("Add the new key below where the old one is registered, remove the old one there, then run 'vibedom key --confirm'.");
            }

            output.WriteLine(DeployKey.PublicKey(home));
            output.WriteLine($"Fingerprint {DeployKey.Fingerprint(home)}. Add it as a deploy key (with write access to push) of each repository the agent may use:");
            output.WriteLine("  GitHub: the repository's Settings > Deploy keys; GitLab: Settings > Repository > Deploy keys; Bitbucket: Repository settings > Access keys;");
            output.WriteLine("  your own git server: a line of the git user's ~/.ssh/authorized_keys.");
            output.WriteLine("List SSH hosts as HOST:22 in trusted_domains.txt; their host keys go in known_hosts ('vibedom known-hosts add HOST').");
            return 0;
        });
    }
}
