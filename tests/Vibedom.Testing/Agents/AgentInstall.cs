using Vibedom.Core.Processes;

namespace Vibedom.Testing.Agents;

/// <summary>
/// Installs a pinned agent CLI from npm once (<c>npm install -g --prefix</c>) into a cache reused between runs,
/// <c>$VIBEDOM_TEST_CACHE</c> or <c>~/.cache/vibedom-tests</c>, under <c>agents/&lt;package&gt;@&lt;version&gt;/</c>.
/// Concurrent test processes wait on one lock; a half-done install is never used (a marker file is written last).
/// Without npm or the registry the test fails with one clear line.
/// </summary>
public static class AgentInstall
{
    private const string Marker = ".vibedom-installed";

    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("VIBEDOM_TEST_CACHE") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "vibedom-tests");

    /// <summary>The npm prefix holding the agent (its command is <c>PREFIX/bin/COMMAND</c>), installed first if needed.</summary>
    public static async Task<string> EnsureAsync(AgentPackage agent, CancellationToken cancellationToken = default)
    {
        var root = Path.Combine(CacheRoot, "agents");
        var prefix = Path.Combine(root, agent.FolderName);
        if (File.Exists(Path.Combine(prefix, Marker)))
        {
            return prefix;
        }

        Directory.CreateDirectory(root);
        using var gate = await LockAsync(Path.Combine(root, ".lock"), cancellationToken).ConfigureAwait(false);
        if (File.Exists(Path.Combine(prefix, Marker)))
        {
            return prefix;
        }

        var npm = ProcessRunner.Which("npm") ?? throw new InvalidOperationException($"the agent tests need npm to install {agent} (apt-get install npm); none is on PATH");
        var staging = prefix + ".partial";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        var result = await ProcessRunner.Default.RunAsync(new ProcessSpec(npm, ["install", "--global", "--no-audit", "--no-fund", "--prefix", staging, $"{agent.Package}@{agent.Version}"])
        {
            Timeout = TimeSpan.FromMinutes(10),
            Environment = NpmEnvironment(),
        }, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 || !File.Exists(Path.Combine(staging, "bin", agent.Command)))
        {
            var why = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.Contains("reason:", StringComparison.Ordinal) || l.Contains("ERR!", StringComparison.Ordinal)) ?? $"exit {result.ExitCode}";
            throw new InvalidOperationException($"npm could not install {agent} into {staging}: {why.Trim()} (the agent tests need the npm registry once; later runs use the cache)");
        }

        if (Directory.Exists(prefix))
        {
            Directory.Delete(prefix, recursive: true);
        }

        Directory.Move(staging, prefix);
        await File.WriteAllTextAsync(Path.Combine(prefix, Marker), $"{agent}\n", cancellationToken).ConfigureAwait(false);
        return prefix;
    }

    /// <summary>
    /// npm's environment: HOME and PATH, plus the host's own TLS trust and proxy settings, which the runner's cleared
    /// environment would drop. Where the registry is reached through an intercepting proxy, npm's <c>cafile</c> alone
    /// does not cover its package fetches: without <c>NODE_EXTRA_CA_CERTS</c> they fail with SELF_SIGNED_CERT_IN_CHAIN.
    /// </summary>
    internal static Dictionary<string, string> NpmEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        };
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value && PassedToNpm(name))
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    private static bool PassedToNpm(string name) =>
        name.StartsWith("npm_config_", StringComparison.OrdinalIgnoreCase)
        || name is "NODE_EXTRA_CA_CERTS" or "SSL_CERT_FILE" or "SSL_CERT_DIR"
        || name.Equals("HTTPS_PROXY", StringComparison.OrdinalIgnoreCase)
        || name.Equals("HTTP_PROXY", StringComparison.OrdinalIgnoreCase)
        || name.Equals("NO_PROXY", StringComparison.OrdinalIgnoreCase);

    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 1200)
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
