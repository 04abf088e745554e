using System.CommandLine;
using Vibedom.Cli.Rendering;
using Vibedom.Core;
using Vibedom.Core.Errors;
using Vibedom.Core.Sessions.Launch;
using Vibedom.Core.Workspace;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Vibedom.Scanning.Sources;

namespace Vibedom.Cli.Commands;

/// <summary>
/// <c>vibedom scan PATH|--stdin</c>: finds secrets with gitleaks-format rules. Exit 0 clean, 1 secrets
/// found (as gitleaks), 2 bad rules or usage, <see cref="ExitCodes.ScanIncomplete"/> clean but some file unreadable.
/// </summary>
internal sealed class ScanCommand : Command
{
    public ScanCommand(CliContext context)
        : base("scan", "Scan a folder or standard input for secrets: every file, git-ignored ones too; vendored folders (node_modules, .venv, ...) are counted, not scanned, unless --all.")
    {
        var path = new Argument<string?>("PATH") { Description = "Folder or file to scan.", Arity = ArgumentArity.ZeroOrOne };
        var stdin = new Option<bool>("--stdin") { Description = "Scan standard input instead of a path." };
        var config = new Option<string?>("--config") { Description = "A gitleaks-format rule file to use instead of vibedom's rules.", HelpName = "FILE" };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var report = new Option<string?>("--report") { Description = "Write the report to FILE (the summary still goes to the terminal).", HelpName = "FILE" };
        var noDecode = new Option<bool>("--no-decode") { Description = "Do not decode base64, hex, percent and unicode escapes." };
        var all = new Option<bool>("--all") { Description = "Also scan vendored folders (node_modules, .venv, venv, ...), which are skipped and counted by default." };
        Add(path);
        Add(stdin);
        Add(config);
        Add(format);
        Add(report);
        Add(noDecode);
        Add(all);
        Validators.Add(result =>
        {
            var hasPath = result.GetValue(path) is not null;
            var hasStdin = result.GetValue(stdin);
            if (hasPath == hasStdin)
            {
                result.AddError("give either PATH or --stdin");
            }
        });

        SetAction(async (parse, ct) =>
        {
            var rules = LoadRules(parse.GetValue(config), context);
            var reportFile = parse.GetValue(report);
            var target = parse.GetValue(path);
            var options = new ScanOptions
            {
                Detector = new DetectorOptions { MaxDecodeDepth = parse.GetValue(noDecode) ? 0 : 5 },
                IncludeVendored = parse.GetValue(all),
                Ignored = target is not null && Directory.Exists(target) ? PreflightScan.LoadIgnored(target) : new HashSet<string>(StringComparer.Ordinal),
                ExcludedFiles = new[] { parse.GetValue(config), reportFile }.OfType<string>().Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal),
                Tree = RawNameTree.Instance,
            };
            var scanner = new FileTreeScanner(new Detector(rules, options.Detector), options);
            ScanResult result;
            if (target is null)
            {
                result = scanner.ScanText(context.Input);
            }
            else if (!Directory.Exists(target) && !File.Exists(target))
            {
                throw VibedomException.Usage($"no such file or folder: {target}");
            }
            else
            {
                result = await FindingsProgress.RunAsync(context, scanner, target, ct).ConfigureAwait(false);
            }

            var fmt = parse.GetValue(format) ?? "text";
            if (reportFile is not null)
            {
                await using var file = new StreamWriter(reportFile);
                FindingsReport.Write(file, fmt, result, rules);
                FindingsReport.Write(context.Console.Profile.Out.Writer, "summary", result, rules);
            }
            else
            {
                FindingsReport.Write(context.Console.Profile.Out.Writer, fmt, result, rules);
            }

            return result.Findings.Count > 0 ? ExitCodes.SecretsFound : result.Incomplete ? ExitCodes.ScanIncomplete : ExitCodes.Ok;
        });
    }

    private static RuleSet LoadRules(string? configFile, CliContext context)
    {
        try
        {
            return RuleSources.Load(configFile, context.Home.RulesDirectory);
        }
        catch (RuleFileException e)
        {
            if (e.Errors.Count <= 1)
            {
                throw VibedomException.Config(e.Message);
            }

            foreach (var error in e.Errors)
            {
                context.Error.WriteLine($"vibedom: {TerminalText.Escape(error.ToString())}");
            }

            throw VibedomException.Config($"{e.Errors.Count} problems in the rule file(s); nothing was scanned");
        }
    }
}
