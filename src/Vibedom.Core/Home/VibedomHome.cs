namespace Vibedom.Core.Home;

/// <summary>The paths of <c>~/.vibedom</c> (DESIGN §3); <c>VIBEDOM_HOME</c> overrides the root.</summary>
public sealed record VibedomHome(string Root)
{
    public string ConfigFile => Path.Combine(Root, "config.toml");

    public string TrustedDomainsFile => Path.Combine(Root, "trusted_domains.txt");

    public string RulesDirectory => Path.Combine(Root, "rules");

    public string KeysDirectory => Path.Combine(Root, "keys");

    public string DeployKey => Path.Combine(KeysDirectory, "id_ed25519_vibedom");

    public string CaDirectory => Path.Combine(Root, "ca");

    public string CaCertificate => Path.Combine(CaDirectory, "ca.crt");

    public string CaKey => Path.Combine(CaDirectory, "ca.key");

    public string LogsDirectory => Path.Combine(Root, "logs");

    /// <summary>Runtime state of live sessions (sockets, pids); never inside the sandbox.</summary>
    public string RunDirectory => Path.Combine(Root, "run");

    public static VibedomHome FromEnvironment()
    {
        var overridden = Environment.GetEnvironmentVariable("VIBEDOM_HOME");
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return new VibedomHome(Path.GetFullPath(overridden));
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new VibedomHome(Path.Combine(home, ".vibedom"));
    }
}
