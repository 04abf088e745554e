using Spectre.Console;
using Vibedom.Cli.Prompts;
using Vibedom.Scanning.Findings;
using Vibedom.Scanning.Sources;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// The pre-flight review before a sandbox starts: findings in a table grouped by risk (HIGH first),
/// then <c>[c]ontinue / [h]ide / [x] cancel</c>, cancel by default; hide keeps every flagged file from the agent.
/// <c>--hide-flagged</c> hides them without asking. <c>--yes</c> continues without asking when nothing is HIGH;
/// with <c>--allow-high-risk</c> as well it continues regardless. Without a terminal and without <c>--yes</c> it
/// cancels: nobody can answer. A flagged file git tracks is readable inside through <c>.git</c> even when hidden
/// (<paramref name="trackedByGit"/> tells which): one line says so before the choice, or with the hiding.
/// </summary>
internal sealed class PreflightReview(IAnsiConsole console, TextReader input, bool interactive, KeyPrompt? keys = null, Func<IReadOnlyList<string>, IReadOnlyList<string>>? trackedByGit = null)
{
    /// <summary>The files with a finding, workspace-relative, in order: what <see cref="PreflightDecision.Hide"/> hides.</summary>
    public static IReadOnlyList<string> Flagged(ScanResult result) =>
        result.Findings.Select(f => f.File).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public PreflightDecision Review(ScanResult result, bool yes, bool allowHighRisk, bool hideFlagged = false)
    {
        if (result.Findings.Count == 0 && !result.Incomplete)
        {
            console.MarkupLine("[green]pre-flight: no secrets found[/]");
            ShowVendoredSkip(result);
            return PreflightDecision.Continue;
        }

        ShowTable(result);
        ShowVendoredSkip(result);
        var flagged = Flagged(result);
        if (hideFlagged && flagged.Count > 0)
        {
            // every finding is in a hidden file: nothing flagged is left for the agent to read, whatever its risk
            console.MarkupLine($"pre-flight: hiding {flagged.Count} file(s) from the agent (--hide-flagged): {TerminalText.Markup(string.Join(", ", flagged))}");
            WarnTracked(flagged);
            return PreflightDecision.Hide;
        }

        var high = result.Findings.Count(f => f.Risk == Risk.High);
        if (yes)
        {
            if (high > 0 && !allowHighRisk)
            {
                console.MarkupLine($"[red]pre-flight: {high} HIGH risk secret(s); --yes accepts only lower risks. Remove them, add --hide-flagged to hide their files from the agent, or --allow-high-risk.[/]");
                return PreflightDecision.Cancel;
            }

            console.MarkupLine("pre-flight: continuing (--yes)");
            return PreflightDecision.Continue;
        }

        if (!interactive)
        {
            console.MarkupLine($"[red]{NoTerminal(result, high)}[/]");
            return PreflightDecision.Cancel;
        }

        WarnTracked(flagged);
        while (true)
        {
            // a "c" typed (or pasted) before the findings were shown must not start the agent with them
            keys?.DiscardTypedAhead();
            console.Markup(flagged.Count == 0
                ? $"The agent will be able to read {(result.Findings.Count == 0 ? "the files not scanned" : "these files")}. [bold][[c]][/]ontinue / [bold][[x]][/] cancel (default: cancel): "
                : $"The agent will be able to read these files. [bold][[c]][/]ontinue / [bold][[h]][/]ide the {flagged.Count} file(s) from the agent / [bold][[x]][/] cancel (default: cancel): ");
            var answer = PromptReader.Interruptible(console, () => keys is null ? input.ReadLine()?.Trim().ToLowerInvariant() : keys.Read(), "cancelled at the pre-flight review; nothing was started");
            switch (answer)
            {
                case "c" or "continue":
                    return PreflightDecision.Continue;
                case "h" or "hide" when flagged.Count > 0:
                    console.MarkupLine($"pre-flight: hidden from the agent (unreadable inside): {TerminalText.Markup(string.Join(", ", flagged))}");
                    return PreflightDecision.Hide;
                case null or "" or "x" or "cancel":
                    return PreflightDecision.Cancel;
                default:
                    console.MarkupLine(flagged.Count == 0 ? "answer c to continue or x to cancel" : "answer c to continue, h to hide the files, or x to cancel");
                    break;
            }
        }
    }

    /// <summary>Hiding a file git tracks does not hide its content: its blob stays in .git, which git inside needs whole.</summary>
    private void WarnTracked(IReadOnlyList<string> flagged)
    {
        if (flagged.Count == 0 || trackedByGit?.Invoke(flagged) is not { Count: > 0 } tracked)
        {
            return;
        }

        var names = TerminalText.Markup(string.Join(", ", tracked));
        console.MarkupLine($"[yellow]pre-flight: {names} {(tracked.Count == 1 ? "is" : "are")} tracked by git: hidden or not, the agent can read {(tracked.Count == 1 ? "it" : "them")} through .git (git show HEAD:{TerminalText.Markup(tracked[0])}); rotate the secrets in {(tracked.Count == 1 ? "it" : "them")}, or untrack (git rm --cached) and purge from history first[/]");
    }

    /// <summary>
    /// Why nobody could be asked, and the flags that answer: only the ones that apply (hiding needs a file with a finding;
    /// a HIGH finding needs --allow-high-risk as well as --yes). Files that could not be scanned cannot be hidden by name.
    /// </summary>
    private static string NoTerminal(ScanResult result, int high)
    {
        if (result.Findings.Count == 0)
        {
            return $"pre-flight: no secrets found, but {result.Unreadable.Count} file(s) could not be scanned (above) and there is no terminal to ask; rerun with --yes to let the agent read them unscanned.";
        }

        var accept = high > 0 ? "--yes --allow-high-risk" : "--yes";
        return $"pre-flight: secrets found and no terminal to ask; rerun with --hide-flagged to hide their files from the agent, or {accept} to accept them.";
    }

    private void ShowTable(ScanResult result)
    {
        if (result.Findings.Count == 0)
        {
            // nothing found, some files unread: no empty table of secrets, just what was not scanned
            ShowUnreadable(result);
            return;
        }

        var table = new Table().Title("[bold]secrets in the workspace[/]")
            .AddColumn("risk").AddColumn("rule").AddColumn("location").AddColumn("preview").AddColumn("reason");
        foreach (var group in result.Findings.GroupBy(f => f.Risk).OrderByDescending(g => g.Key))
        {
            foreach (var f in group)
            {
                table.AddRow(
                    RiskMarkup(f.Risk),
                    TerminalText.Markup(f.RuleId),
                    TerminalText.Markup($"{f.File}:{f.Line}:{f.Column}"),
                    TerminalText.Markup(f.Preview),
                    TerminalText.Markup(f.Reason));
            }
        }

        console.Write(table);
        ShowUnreadable(result);
    }

    private void ShowUnreadable(ScanResult result)
    {
        foreach (var s in result.Unreadable)
        {
            console.MarkupLine($"[yellow]not scanned:[/] {TerminalText.Markup(s.File)} ({TerminalText.Markup(s.Reason)})");
        }
    }

    private void ShowVendoredSkip(ScanResult result)
    {
        if (FindingsText.VendoredSkip(result) is { } skipped)
        {
            console.MarkupLine($"pre-flight: {Markup.Escape(skipped)}");
        }
    }

    private static string RiskMarkup(Risk risk) => risk switch
    {
        Risk.High => "[red bold]HIGH[/]",
        Risk.Low => "[grey]LOW[/]",
        _ => "[yellow]MEDIUM[/]",
    };
}
