using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Workspace;
using Vibedom.Scanning;
using Vibedom.Scanning.Rules;
using Vibedom.Scanning.Sources;

namespace Vibedom.Core.Sessions.Launch;

/// <summary>
/// The pre-flight scan of a workspace with vibedom's rules plus ~/.vibedom/rules; its <see cref="ScanResult.SecretValues"/>
/// feed the redaction of every record and the proxy's, and are never written anywhere.
/// </summary>
public static class PreflightScan
{
    /// <exception cref="VibedomException">A bad rule file (configuration error, exit 2).</exception>
    public static Task<ScanResult> RunAsync(VibedomHome home, string workspace, bool includeVendored, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        CompiledRules rules;
        try
        {
            rules = CompiledRules.Load(home.RulesDirectory); // the set records are redacted with, compiled once
        }
        catch (RuleFileException e)
        {
            throw VibedomException.Config(e.Message);
        }

        var options = new ScanOptions { Ignored = LoadIgnored(workspace), IncludeVendored = includeVendored, Tree = RawNameTree.Instance };
        return new FileTreeScanner(rules.Detector.With(options.Detector), options).ScanAsync(workspace, progress, cancellationToken);
    }

    /// <summary>The entries of the ignore files in <paramref name="folder"/>: regular files only, never through a symlink, size-capped.</summary>
    /// <exception cref="VibedomException">An ignore file that cannot be used (configuration error, exit 2).</exception>
    public static HashSet<string> LoadIgnored(string folder)
    {
        try
        {
            return IgnoreFile.LoadFrom(folder, path => RegularFile.OpenRead(path));
        }
        catch (IgnoreFileException e)
        {
            throw VibedomException.Config(e.Message);
        }
    }
}
