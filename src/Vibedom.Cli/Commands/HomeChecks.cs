using Vibedom.Core.Config;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;
using Vibedom.Proxy;
using Vibedom.Scanning.Rules;

namespace Vibedom.Cli.Commands;

/// <summary>
/// <c>vibedom doctor</c>'s checks of ~/.vibedom: every file <c>vibedom run</c> reads before it starts
/// (config.toml, trusted_domains.txt, the upstream CAs it names, the scanner rules, the local CA), each
/// parsed exactly as run parses it, so doctor never says "in place" where run would refuse.
/// </summary>
internal static class HomeChecks
{
    private const string EditFix = "edit the file at that line";

    public static IEnumerable<PrerequisiteCheck> Run(VibedomHome home)
    {
        if (!File.Exists(home.ConfigFile) && !File.Exists(home.TrustedDomainsFile))
        {
            yield return PrerequisiteCheck.Fail("vibedom home", $"{home.Root} is not initialised", "vibedom init");
            yield break;
        }

        VibedomConfig? config = null;
        List<PrerequisiteCheck> configChecks;
        try
        {
            config = ConfigLoader.Load(home.ConfigFile);
            configChecks = [PrerequisiteCheck.Pass("config.toml", home.ConfigFile)];
        }
        catch (VibedomException e)
        {
            // every error, as run prints them: one fix at a time, then doctor again, would take a round per line
            configChecks = [.. e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => PrerequisiteCheck.Fail("config.toml", line, EditFix))];
        }

        foreach (var check in configChecks)
        {
            yield return check;
        }

        yield return CheckAllowlist(home);
        foreach (var missing in config?.UpstreamCaFiles.Where(f => !File.Exists(f)) ?? [])
        {
            yield return PrerequisiteCheck.Fail("upstream_ca", $"{config!.SourceFile}: network.upstream_ca: {missing} does not exist", "fix the path in config.toml");
        }

        var userHome = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        foreach (var missing in config?.MissingReadOnlyPaths(userHome) ?? [])
        {
            yield return PrerequisiteCheck.Fail("read_only_paths", missing, "fix the path in config.toml");
        }

        yield return CheckRules(home);
        yield return File.Exists(home.CaCertificate) && File.Exists(home.CaKey)
            ? PrerequisiteCheck.Pass("local CA", home.CaCertificate)
            : PrerequisiteCheck.Fail("local CA", $"{home.CaCertificate} or its key is missing", "vibedom init");
    }

    private static PrerequisiteCheck CheckAllowlist(VibedomHome home)
    {
        if (!File.Exists(home.TrustedDomainsFile))
        {
            return PrerequisiteCheck.Fail("trusted_domains.txt", $"{home.TrustedDomainsFile} does not exist", "vibedom init");
        }

        try
        {
            Proxy.Policy.Allowlist.Load(home.TrustedDomainsFile);
            return PrerequisiteCheck.Pass("trusted_domains.txt", home.TrustedDomainsFile);
        }
        catch (ProxyConfigurationException e)
        {
            var errors = e.Errors.Count > 0 ? e.Errors : [e.Message];
            var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : string.Empty;
            return PrerequisiteCheck.Fail("trusted_domains.txt", FirstLine(errors[0]) + more, EditFix);
        }
    }

    private static PrerequisiteCheck CheckRules(VibedomHome home)
    {
        try
        {
            RuleSources.Load(null, home.RulesDirectory);
            return PrerequisiteCheck.Pass("scanner rules", Directory.Exists(home.RulesDirectory) ? home.RulesDirectory : "built-in rules");
        }
        catch (RuleFileException e)
        {
            return PrerequisiteCheck.Fail("scanner rules", FirstLine(e.Message), "fix or remove that rule file");
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}
