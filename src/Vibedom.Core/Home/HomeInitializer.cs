using System.Reflection;
using Vibedom.Core.Errors;
using Vibedom.Core.Processes;

namespace Vibedom.Core.Home;

/// <summary>
/// Creates ~/.vibedom (DESIGN §3). Idempotent: an existing file is never touched, so a file the
/// user edited is never overwritten. Reports what it created and what it kept.
/// </summary>
public sealed class HomeInitializer(VibedomHome home, ProcessRunner runner)
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates whatever is missing. <paramref name="createCa"/> makes ca.crt/ca.key when absent.</summary>
    public async Task<InitReport> InitializeAsync(string hostName, Action<string, string>? createCa, CancellationToken cancellationToken = default)
    {
        var report = new InitReport();
        Directory(home.Root, report);
        Directory(home.RulesDirectory, report);
        Directory(home.LogsDirectory, report);
        Directory(home.KeysDirectory, report);
        Directory(home.CaDirectory, report);

        Template("config.toml", home.ConfigFile, report);
        Template("trusted_domains.txt", home.TrustedDomainsFile, report);
        Template("known_hosts", home.KnownHostsFile, report);

        if (File.Exists(home.DeployKey))
        {
            report.Kept.Add(home.DeployKey);
        }
        else
        {
            await Ssh.DeployKey.CreateAsync(home, hostName, runner, cancellationToken).ConfigureAwait(false);
            report.Created.Add(home.DeployKey);
        }

        if (createCa is not null)
        {
            if (File.Exists(home.CaCertificate) || File.Exists(home.CaKey))
            {
                report.Kept.Add(home.CaCertificate);
            }
            else
            {
                createCa(home.CaCertificate, home.CaKey);
                report.Created.Add(home.CaCertificate);
            }
        }

        return report;
    }

    /// <summary>The public half of the deploy key, one line.</summary>
    public string ReadPublicKey() => File.ReadAllText(home.DeployKey + ".pub").Trim();

    private static void Directory(string path, InitReport report)
    {
        if (System.IO.Directory.Exists(path))
        {
            return;
        }

        System.IO.Directory.CreateDirectory(path, PrivateDirectory);
        report.Created.Add(path + "/");
    }

    private static void Template(string name, string destination, InitReport report)
    {
        if (File.Exists(destination))
        {
            report.Kept.Add(destination);
            return;
        }

        using var source = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Vibedom.Core.Home.Templates.{name}")
            ?? throw VibedomException.Failed($"built-in template {name} is missing from this build");
        var temp = destination + ".tmp";
        using (var target = File.Create(temp))
        {
            source.CopyTo(target);
        }

        File.Move(temp, destination, overwrite: false);
        report.Created.Add(destination);
    }
}
