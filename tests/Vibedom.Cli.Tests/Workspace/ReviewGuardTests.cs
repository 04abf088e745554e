using Vibedom.Cli.Review;
using Vibedom.Cli.Tests.Rendering;
using Vibedom.Core.Sessions;
using Xunit;

namespace Vibedom.Cli.Tests.Workspace;

/// <summary>The review cannot be fooled: what the agent wrote is printed escaped, and flagged changes need a second, explicit yes.</summary>
public sealed class ReviewGuardTests
{
    private const string EvilName = "evil\u001b]52;c;ZXZpbA==\u0007\u202e.txt";
    private const string EvilShown = "evil\\x1b]52;c;ZXZpbA==\\x07\\u202e.txt";
    private const string EvilContent = "ok\rEVIL\n\u001b[2J\u001b[1;1Hclean\n\u009b31mred\n\bback\n";

    private static Session Reload(ReviewFixture fixture) => fixture.Reopened();

    private static string Hook(ReviewFixture fixture) => Path.Combine(fixture.Workspace, ".git/hooks/pre-commit");

    [Fact]
    public async Task Diff_stat_and_the_apply_prompt_print_no_raw_control_character_the_agent_wrote()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        fixture.WriteUpper(EvilName, EvilContent);

        var diff = await fixture.RunAsync(null, "diff", fixture.Session.Id);
        var stat = await fixture.RunAsync(null, "diff", fixture.Session.Id, "--stat");
        var prompt = await fixture.RunAsync("d\nn\nd\nq\n", "apply", fixture.Session.Id);

        foreach (var run in new[] { diff, stat, prompt })
        {
            Assert.False(TerminalTextTests.HasRawControl(run.Output, allowTab: true), run.Output);
            Assert.False(TerminalTextTests.HasRawControl(run.Error), run.Error);
            Assert.Contains(EvilShown, run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("+ok\\rEVIL\n+\\x1b[2J\\x1b[1;1Hclean\n+\\u009b31mred\n+\\x08back\n", diff.Output, StringComparison.Ordinal);
        Assert.Contains($"# {EvilShown}: holds control or invisible characters, shown escaped", diff.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_end_of_session_summary_prints_no_raw_control_character()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        fixture.WriteUpper(EvilName, EvilContent);
        var (context, console) = fixture.Context(null);

        new ReviewFlow(context).PrintSummary(Reload(fixture), TestContext.Current.CancellationToken);

        Assert.False(TerminalTextTests.HasRawControl(console.Output), console.Output);
        Assert.Contains($" A {EvilShown}", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yes_skips_flagged_changes_and_names_them()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes");

        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(Hook(fixture)));
        Assert.DoesNotContain("postinstall", File.ReadAllText(Path.Combine(fixture.Workspace, "package.json")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "src/new.c")));
        Assert.Contains($"!!! not applied: 2 flagged change(s) that can run code on your machine later; they stay in session {fixture.Session.Id}:\n" +
            "!!!   A .git/hooks/pre-commit  git hook: runs on the next git command\n" +
            "!!!   M package.json  package.json scripts: run on the next npm install or npm run\n", run.Output, StringComparison.Ordinal);
        Assert.Contains(" A .git/hooks/pre-commit", (await fixture.RunAsync(null, "diff", fixture.Session.Id, "--stat")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Include_risky_needs_yes()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync("a\n", "apply", fixture.Session.Id, "--include-risky");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("vibedom: --include-risky needs --yes", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Hook(fixture)));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("y", false)]
    [InlineData("a", false)]
    [InlineData("yes", true)]
    public async Task All_at_the_prompt_asks_again_for_flagged_changes(string confirmation, bool applied)
    {
        using var fixture = await ReviewFixture.CreateAsync();

        // the first entry is the flagged hook: [a]ll on it still asks once more
        var run = await fixture.RunAsync($"a\n{confirmation}\n", "apply", fixture.Session.Id);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(applied, File.Exists(Hook(fixture)));
        Assert.Equal(applied, File.ReadAllText(Path.Combine(fixture.Workspace, "package.json")).Contains("postinstall", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "src/new.c")));
        Assert.Contains("!!! 2 of these change(s) can run code on your machine later, outside the sandbox:\n!!!   A .git/hooks/pre-commit  git hook", run.Output, StringComparison.Ordinal);
        Assert.Contains("apply these 2 too? type 'yes' to apply them, anything else skips them: ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_all_in_the_review_asks_again_for_flagged_changes()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var (context, _) = fixture.Context("a\ny\n");

        var code = new ReviewFlow(context).Run(Reload(fixture), ReviewChoice.Ask, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.False(File.Exists(Hook(fixture)));
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "src/new.c")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stop_apply_skips_flagged_changes_unless_include_risky(bool includeRisky)
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var (context, console) = fixture.Context(null);

        var code = new ReviewFlow(context) { IncludeRisky = includeRisky }.Run(Reload(fixture), ReviewChoice.Apply, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.Equal(includeRisky, File.Exists(Hook(fixture)));
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "src/new.c")));
        Assert.Equal(!includeRisky, console.Output.Contains("!!! not applied: 2 flagged change(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Setuid_setgid_and_sticky_bits_are_never_applied()
    {
        Vibedom.Testing.Prerequisite.Require(Vibedom.Testing.Prerequisite.IsRoot, "setting setgid on a file needs group membership; root has it");
        using var fixture = await ReviewFixture.CreateAsync();
        File.SetUnixFileMode(fixture.WriteUpper("bin/tool", "#!/bin/sh\nid\n"), (UnixFileMode)0b110_111_101_101);
        File.SetUnixFileMode(fixture.WriteUpper("bin/sticky", "x\n"), (UnixFileMode)0b001_110_100_100);

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes", "--include-risky");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(fixture.Workspace, "bin/tool")));
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(Path.Combine(fixture.Workspace, "bin/sticky")));
        Assert.Contains("applied without its setuid/setgid/sticky bit (vibedom never applies those): bin/tool\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("applied without its setuid/setgid/sticky bit (vibedom never applies those): bin/sticky\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_world_writable_folder_is_listed_and_yes_creates_it_plainly()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        fixture.WriteUpper("pub/a.txt", "a\n");
        File.SetUnixFileMode(Path.Combine(fixture.Upper, "pub"), (UnixFileMode)0b111_111_111);

        var stat = await fixture.RunAsync(null, "diff", fixture.Session.Id, "--stat");
        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes");

        Assert.Matches(@"!!!   A pub +world-writable: any user of this machine can change it\n", stat.Output);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("a\n", File.ReadAllText(Path.Combine(fixture.Workspace, "pub/a.txt")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(fixture.Workspace, "pub")));
    }
}
