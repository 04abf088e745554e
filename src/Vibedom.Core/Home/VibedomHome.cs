namespace Vibedom.Core.Home;

/// <summary>The paths of <c>~/.vibedom</c> (DESIGN §3); <c>VIBEDOM_HOME</c> overrides the root.</summary>
public sealed record VibedomHome(string Root)
{
    public string ConfigFile => Path.Combine(Root, "config.toml");

    public string TrustedDomainsFile => Path.Combine(Root, "trusted_domains.txt");

    public string RulesDirectory => Path.Combine(Root, "rules");

    public string KeysDirectory => Path.Combine(Root, "keys");

    public string DeployKey => Path.Combine(KeysDirectory, "id_ed25519_vibedom");

    /// <summary>The SSH host keys the sandbox trusts (seeded by init; <c>vibedom known-hosts add</c>); copied into each session.</summary>
    public string KnownHostsFile => Path.Combine(Root, "known_hosts");

    public string CaDirectory => Path.Combine(Root, "ca");

    public string CaCertificate => Path.Combine(CaDirectory, "ca.crt");

    public string CaKey => Path.Combine(CaDirectory, "ca.key");

    public string LogsDirectory => Path.Combine(Root, "logs");

    /// <summary>Runtime state of live sessions (sockets, pids); never inside the sandbox.</summary>
    public string RunDirectory => Path.Combine(Root, "run");

    /// <summary>Agents' persistent state, one folder per agent profile (<c>agents/NAME/</c>): agent-writable, read as hostile input.</summary>
    public string AgentsDirectory => Path.Combine(Root, "agents");

    /// <summary>Kernel filesystems: nothing of vibedom's can live there.</summary>
    private static readonly string[] Virtual = ["/proc", "/sys", "/dev"];

    /// <summary>True when the root came from <c>VIBEDOM_HOME</c> (messages then name the variable).</summary>
    public bool FromVariable { get; init; }

    /// <summary>
    /// <c>VIBEDOM_HOME</c> as set when it is not an absolute path: refused (<see cref="Problem"/>), as the XDG
    /// variables are, because resolved against the current folder it would name another home after each <c>cd</c>
    /// (a session started in one folder not found from another).
    /// </summary>
    public string? RelativeVariable { get; init; }

    public static VibedomHome FromEnvironment()
    {
        var overridden = Environment.GetEnvironmentVariable("VIBEDOM_HOME");
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return new VibedomHome(Path.GetFullPath(overridden))
            {
                FromVariable = true,
                RelativeVariable = Path.IsPathRooted(overridden) ? null : overridden,
            };
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new VibedomHome(Path.Combine(home, ".vibedom"));
    }

    /// <summary>
    /// Why the root cannot be vibedom's folder (a file, inside a file, under /proc, /sys or /dev, not there and its
    /// nearest existing folder not writable for this user, or VIBEDOM_HOME a relative path), as one
    /// line naming the fix; null when it can (it may not exist yet: init and a first run create it).
    /// </summary>
    public string? Problem()
    {
        if (RelativeVariable is { } relative)
        {
            var why = relative.StartsWith('~') ? " ('~' is expanded by the shell only when unquoted)" : string.Empty;
            return $"VIBEDOM_HOME={relative} is not an absolute path{why}: it would change with the current folder; set it to one (VIBEDOM_HOME={Root}), or unset it to use ~/.vibedom";
        }

        var name = FromVariable ? $"VIBEDOM_HOME={Root}" : Root;
        var fix = FromVariable ? "point VIBEDOM_HOME at a folder of yours, or unset it to use ~/.vibedom" : "move that file away, or set VIBEDOM_HOME to a folder of yours";
        if (Virtual.FirstOrDefault(v => Root == v || Root.StartsWith(v + "/", StringComparison.Ordinal)) is { } kernel)
        {
            return $"{name} is inside {kernel}, a kernel filesystem; {fix}";
        }

        for (var path = Root; !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (Directory.Exists(path))
            {
                // init and a first run create the rest; where they cannot, say so before any command fails half-way
                return path == Root || Workspace.Native.LibC.CanCreateIn(path) ? null : $"{name} cannot be created: {path} is not writable for you; {(FromVariable ? fix : "set VIBEDOM_HOME to a folder of yours")}";
            }

            if (File.Exists(path) || Path.Exists(path))
            {
                return path == Root ? $"{name} is a file, not a folder; {fix}" : $"{name} cannot be a folder: {path} is a file; {fix}";
            }
        }

        return null;
    }
}
