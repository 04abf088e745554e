using Spectre.Console.Testing;
using Vibedom.Cli.Rendering;
using Vibedom.Core.Sessions.Launch;
using Vibedom.Scanning.Findings;
using Vibedom.Scanning.Sources;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Cli.Tests.Rendering;

public sealed class PreflightReviewTests
{
    private static Finding F(Risk risk) => new()
    {
        RuleId = "github-pat", File = "a.env", Line = 1, Column = 3, Risk = risk, Reason = "r",
        Preview = "ghp_…", Fingerprint = "a.env:github-pat:1", ShortHash = "0123456789ab",
    };

    private static ScanResult Result(params Risk[] risks) => new() { Findings = risks.Select(F).ToArray() };

    private static (PreflightDecision, string) Review(ScanResult result, bool yes, bool allowHigh, bool interactive, string answer = "", bool hideFlagged = false)
    {
        var console = new TestConsole().Width(200);
        var decision = new PreflightReview(console, new StringReader(answer + "\n"), interactive).Review(result, yes, allowHigh, hideFlagged);
        return (decision, console.Output);
    }

    [Theory]
    [InlineData(false, false, true, "", PreflightDecision.Cancel)]      // default is cancel
    [InlineData(false, false, true, "x", PreflightDecision.Cancel)]
    [InlineData(false, false, true, "c", PreflightDecision.Continue)]
    [InlineData(false, false, true, "h", PreflightDecision.Hide)]
    [InlineData(false, false, false, "c", PreflightDecision.Cancel)]    // nobody to ask
    [InlineData(true, false, false, "", PreflightDecision.Continue)]    // --yes, nothing HIGH
    public void Review_medium_finding_follows_answer_and_flags(bool yes, bool allowHigh, bool interactive, string answer, PreflightDecision expected)
    {
        Assert.Equal(expected, Review(Result(Risk.Medium, Risk.Low), yes, allowHigh, interactive, answer).Item1);
    }

    [Theory]
    [InlineData(true, false, PreflightDecision.Cancel)]
    [InlineData(true, true, PreflightDecision.Continue)]
    public void Review_high_finding_yes_needs_allow_high_risk(bool yes, bool allowHigh, PreflightDecision expected)
    {
        Assert.Equal(expected, Review(Result(Risk.High), yes, allowHigh, interactive: false).Item1);
    }

    [Fact]
    public void Review_findings_table_groups_high_first()
    {
        var (_, output) = Review(Result(Risk.Low, Risk.High, Risk.Medium), yes: false, allowHigh: false, interactive: true);

        var high = output.IndexOf("HIGH", StringComparison.Ordinal);
        var medium = output.IndexOf("MEDIUM", StringComparison.Ordinal);
        var low = output.IndexOf("LOW", StringComparison.Ordinal);
        Assert.True(high < medium && medium < low, output);
        Assert.Contains("[c]ontinue / [h]ide the 1 file(s) from the agent / [x] cancel", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Review_hide_flagged_hides_even_high_findings_without_asking(bool yes)
    {
        var (decision, output) = Review(Result(Risk.High), yes, allowHigh: false, interactive: false, hideFlagged: true);

        Assert.Equal(PreflightDecision.Hide, decision);
        Assert.Contains("hiding 1 file(s) from the agent (--hide-flagged): a.env", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_hide_answer_returns_every_flagged_file_and_records_them()
    {
        using var dir = new TempDirectory();
        dir.Write("ws/.env", "GITHUB_TOKEN=" + TestSecrets.GitHubPat + "\n");
        dir.Write("ws/deploy/prod.env", "STRIPE=" + TestSecrets.StripeLiveKey + "\n");
        var console = new TestConsole().Width(200);
        var context = new CliContext(console, new StringWriter(), new StringReader("h\n"), new Vibedom.Core.Home.VibedomHome(dir.Combine("home")), TimeProvider.System) { Interactive = true };
        var json = dir.Combine("logs", "preflight.json");
        var reviewer = new CliPreflightReviewer(context);
        var result = await PreflightScan.RunAsync(context.Home, dir.Combine("ws"), includeVendored: false, null, TestContext.Current.CancellationToken);

        var choice = reviewer.Review(result, yes: false, allowHighRisk: false, hideFlagged: false, json, dir.Combine("ws"));

        Assert.True(choice.Proceed);
        Assert.Equal([".env", "deploy/prod.env"], choice.Hidden);
        var written = await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken);
        Assert.Contains("\"decision\": \"hide\"", written, StringComparison.Ordinal);
        Assert.Contains("\"deploy/prod.env\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_no_findings_continues_without_asking()
    {
        Assert.Equal(PreflightDecision.Continue, Review(Result(), yes: false, allowHigh: false, interactive: false).Item1);
    }

    [Fact]
    public void Preflight_json_written_has_fields_but_no_value_or_preview()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("session", "preflight.json");

        FindingsPreflightJson.WriteFile(path, Result(Risk.High), PreflightDecision.Cancel, []);

        var text = File.ReadAllText(path);
        Assert.Contains("\"rule\": \"github-pat\"", text, StringComparison.Ordinal);
        Assert.Contains("\"fingerprint\": \"a.env:github-pat:1\"", text, StringComparison.Ordinal);
        Assert.Contains("\"hash\": \"0123456789ab\"", text, StringComparison.Ordinal);
        Assert.Contains("\"risk\": \"HIGH\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_and_review_async_planted_env_reviews_and_writes_preflight_without_values()
    {
        using var dir = new TempDirectory();
        dir.Write("ws/.env", "GITHUB_TOKEN=" + TestSecrets.GitHubPat + "\n");
        dir.Write("ws/deploy/prod.env", "STRIPE=" + TestSecrets.StripeLiveKey + "\n");
        var console = new TestConsole().Width(200);
        var context = new CliContext(console, new StringWriter(), new StringReader(""), new Vibedom.Core.Home.VibedomHome(dir.Combine("home")), TimeProvider.System);
        var json = dir.Combine("logs", "preflight.json");

        var reviewer = new CliPreflightReviewer(context);
        var result = await reviewer.FollowAsync(dir.Combine("ws"), progress =>
            PreflightScan.RunAsync(context.Home, dir.Combine("ws"), includeVendored: false, progress, TestContext.Current.CancellationToken));
        var choice = reviewer.Review(result, yes: true, allowHighRisk: false, hideFlagged: false, json, dir.Combine("ws"));

        Assert.False(choice.Proceed);         // a live key is HIGH: --yes alone does not accept it
        Assert.Equal(2, result.Findings.Count);
        Assert.Contains(TestSecrets.StripeLiveKey, result.SecretValues.Values);
        var written = await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(TestSecrets.GitHubPat, written, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSecrets.StripeLiveKey, written, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSecrets.GitHubPat, console.Output, StringComparison.Ordinal);
        Assert.Contains("\"decision\": \"cancel\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hiding_a_file_git_tracks_says_the_agent_can_still_read_it_through_git()
    {
        Prerequisite.RequireCommand("git");
        using var dir = new TempDirectory();
        var ws = dir.Combine("ws");
        dir.Write("ws/.env", "GITHUB_TOKEN=" + TestSecrets.GitHubPat + "\n");
        dir.Write("ws/local.env", "STRIPE=" + TestSecrets.StripeLiveKey + "\n");
        var ct = TestContext.Current.CancellationToken;
        foreach (var args in new[] { ["init", "-q"], ["add", ".env"], new[] { "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "env" } })
        {
            Assert.True((await Vibedom.Core.Processes.ProcessRunner.Default.RunAsync(new("git", ["-C", ws, .. args]), ct)).Succeeded);
        }

        var console = new TestConsole().Width(400);
        var context = new CliContext(console, new StringWriter(), new StringReader(""), new Vibedom.Core.Home.VibedomHome(dir.Combine("home")), TimeProvider.System);
        var reviewer = new CliPreflightReviewer(context);
        var result = await reviewer.FollowAsync(ws, progress => PreflightScan.RunAsync(context.Home, ws, includeVendored: false, progress, ct));

        var choice = reviewer.Review(result, yes: false, allowHighRisk: false, hideFlagged: true, dir.Combine("preflight.json"), ws);

        Assert.Equal([".env", "local.env"], choice.Hidden);
        var lines = console.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("pre-flight: .env is tracked by git: hidden or not, the agent can read it through .git (git show HEAD:.env); rotate the secrets in it, or untrack (git rm --cached) and purge from history first", lines);
        Assert.DoesNotContain(lines, l => l.Contains("local.env is tracked", StringComparison.Ordinal));
        Assert.DoesNotContain(TestSecrets.GitHubPat, console.Output, StringComparison.Ordinal);
    }
}
