using Vibedom.Cli.Review;
using Vibedom.Core.Sessions;
using Xunit;

namespace Vibedom.Cli.Tests.Workspace;

public sealed class ReviewFlowTests
{
    private static Session Reload(ReviewFixture fixture) => new SessionStore(fixture.Home, ReviewFixture.Time).Resolve(fixture.Session.Id, "/");

    [Fact]
    public async Task Apply_choice_should_apply_everything_after_the_summary()
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
    public async Task Ask_without_a_terminal_should_keep_the_changes_for_later()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var (context, console) = fixture.Context(null);

        var code = new ReviewFlow(context).Run(Reload(fixture), ReviewChoice.Ask, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.EndsWith($"changes kept; review later with: vibedom diff {fixture.Session.Id}; vibedom apply {fixture.Session.Id}\n", console.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "src/new.c")));
    }

    [Fact]
    public async Task Ask_on_a_terminal_should_offer_discard()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var (context, _) = fixture.Context("d\n");

        var code = new ReviewFlow(context).Run(Reload(fixture), ReviewChoice.Ask, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(fixture.Upper));
        Assert.Equal(SessionState.Discarded, Reload(fixture).Record.State);
    }

    [Fact]
    public async Task Ask_on_a_terminal_should_lead_into_the_file_by_file_review()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var (context, _) = fixture.Context("r\nn\ny\nq\n");

        var code = new ReviewFlow(context).Run(Reload(fixture), ReviewChoice.Ask, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, ".git/hooks/pre-commit")));
    }

    [Fact]
    public async Task Apply_should_refuse_While_the_session_is_still_running()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        fixture.Session.Update(r => r with { State = SessionState.Running });

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"vibedom: session {fixture.Session.Id} is still running; stop it first ('vibedom stop {fixture.Session.Id}'), then apply\n", run.Error);
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
    }
}
