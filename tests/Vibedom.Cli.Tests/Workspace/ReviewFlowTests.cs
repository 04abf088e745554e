using Vibedom.Cli.Review;
using Vibedom.Core.Sessions;
using Xunit;

namespace Vibedom.Cli.Tests.Workspace;

public sealed class ReviewFlowTests
{
    private static Session Reload(ReviewFixture fixture) => fixture.Reopened();

    [Fact]
    public async Task Apply_choice_applies_everything_after_the_summary()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var (context, console) = fixture.Context(null);

        var code = new ReviewFlow(context).Run(Reload(fixture), ReviewChoice.Apply, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.StartsWith($"session {fixture.Session.Id}: what the agent changed in {fixture.Workspace}\n!!! 2 change(s)", console.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "src/new.c")));
        Assert.Equal(SessionState.Applied, Reload(fixture).Record.State);
    }

    [Fact]
    public async Task Ask_without_a_terminal_keeps_the_changes_for_later()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var (context, console) = fixture.Context(null);

        var code = new ReviewFlow(context).Run(Reload(fixture), ReviewChoice.Ask, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.EndsWith($"changes kept; review later with: vibedom diff {fixture.Session.Id}; vibedom apply {fixture.Session.Id}\n", console.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "src/new.c")));
    }

    [Fact]
    public async Task Ask_on_a_terminal_offers_discard_and_confirms_it()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var (context, console) = fixture.Context("d\ny\n");

        var code = new ReviewFlow(context).Run(Reload(fixture), ReviewChoice.Ask, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(fixture.Upper));
        Assert.Equal(SessionState.Discarded, Reload(fixture).Record.State);
        Assert.Contains($"discard 8 change(s) of session {fixture.Session.Id}? This cannot be undone. [y/N] ", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discard_at_the_review_answered_no_discards_nothing_and_asks_again()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var (context, console) = fixture.Context("d\nn\nk\n");

        var code = new ReviewFlow(context).Run(Reload(fixture), ReviewChoice.Ask, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(fixture.Upper));
        Assert.NotEqual(SessionState.Discarded, Reload(fixture).Record.State);
        Assert.Contains("nothing discarded\n", console.Output, StringComparison.Ordinal);
        Assert.EndsWith($"changes kept; review later with: vibedom diff {fixture.Session.Id}; vibedom apply {fixture.Session.Id}\n", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_on_a_terminal_leads_into_the_file_by_file_review()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var (context, _) = fixture.Context("r\nn\ny\nq\n");

        var code = new ReviewFlow(context).Run(Reload(fixture), ReviewChoice.Ask, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, ".git/hooks/pre-commit")));
    }

    [Fact]
    public async Task Apply_refuses_while_the_session_is_still_running()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        // really running: its supervisor (this test process) is alive, so reconciliation leaves it running
        var self = Environment.ProcessId;
        fixture.Session.Update(r => r with { State = SessionState.Running, RuntimeHandle = Vibedom.Runtimes.Namespace.SupervisorHandle.Of(self)!.Format() });

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"vibedom: session {fixture.Session.Id} is still running; stop it first ('vibedom stop {fixture.Session.Id}'), then apply\n", run.Error);
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
    }

    [Fact]
    public async Task Apply_applies_the_changes_of_a_session_left_running_by_a_vibedom_that_died()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        // recorded running, but its supervisor is gone (a pid that no process holds: above pid_max)
        fixture.Session.Update(r => r with { State = SessionState.Running, RuntimeHandle = new Vibedom.Runtimes.Namespace.SupervisorHandle(int.MaxValue, 1).Format() });

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"vibedom: session {fixture.Session.Id} was left running by a vibedom that stopped", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
        Assert.Equal(SessionState.Applied, fixture.Reopened().Record.State);
    }

    [Fact]
    public async Task Summary_fits_one_screen_when_the_agent_changed_many_files()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        for (var i = 0; i < 30; i++)
        {
            fixture.WriteUpper($"gen/file{i:00}.txt", $"{i}\n");
        }

        var (context, console) = fixture.Context(null);

        var count = new ReviewFlow(context).PrintSummary(Reload(fixture), TestContext.Current.CancellationToken);

        Assert.Equal(38, count);
        Assert.Contains($" ... and 18 more (all of them: vibedom diff --stat {fixture.Session.Id})\n 38 paths changed", console.Output, StringComparison.Ordinal);
        Assert.Contains("!!!   A .git/hooks/pre-commit", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_refuses_with_one_line_when_the_session_has_no_manifest()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        File.Delete(fixture.Session.Paths.Manifest);

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"vibedom: session {fixture.Session.Id} has no manifest, so changes made in the workspace meanwhile cannot be detected;", run.Error, StringComparison.Ordinal);
        Assert.Equal(1, run.Error.Count(c => c == '\n'));
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
    }
}
