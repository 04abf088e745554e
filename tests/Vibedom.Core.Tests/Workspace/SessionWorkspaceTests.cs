using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

public sealed class SessionWorkspaceTests
{
    private static (SessionWorkspace Review, Session Session) Create(TempDirectory temp)
    {
        var workspace = temp.Combine("ws");
        Directory.CreateDirectory(workspace);
        File.WriteAllText(Path.Combine(workspace, "a.txt"), "a\n");
        var session = new SessionStore(new VibedomHome(temp.Combine("home")), TimeProvider.System).Create(workspace, "ws", "namespace", ["true"], detached: false);
        SessionWorkspace.CaptureManifestAsync(session, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        session.Update(r => r with { State = SessionState.Exited });
        File.WriteAllText(Path.Combine(session.Paths.Changes, "a.txt"), "agent\n");
        return (new SessionWorkspace(session, TimeProvider.System), session);
    }

    [Fact]
    public void Apply_refuses_while_another_apply_of_the_session_holds_the_lock()
    {
        using var temp = new TempDirectory();
        var (review, session) = Create(temp);
        Directory.CreateDirectory(session.Paths.Applied);
        using var held = new FileStream(Path.Combine(session.Paths.Applied, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var error = Assert.Throws<VibedomException>(() => review.Apply(review.ReadChanges(TestContext.Current.CancellationToken).Changes, TestContext.Current.CancellationToken));

        Assert.Equal($"another apply, undo or discard of session {session.Id} is running; apply again when it is done", error.Message);
        Assert.Equal("a\n", File.ReadAllText(Path.Combine(session.Record.Workspace, "a.txt")));
    }

    [Fact]
    public void Apply_then_undo_move_the_session_through_applied_and_back_and_log_both()
    {
        using var temp = new TempDirectory();
        var (review, session) = Create(temp);

        review.Apply(review.ReadChanges(TestContext.Current.CancellationToken).Changes, TestContext.Current.CancellationToken);
        Assert.Equal(SessionState.Applied, session.Record.State);
        Assert.Empty(review.ReadChanges(TestContext.Current.CancellationToken).Changes);

        review.Undo();
        Assert.Equal(SessionState.Exited, session.Record.State);
        Assert.Single(review.ReadChanges(TestContext.Current.CancellationToken).Changes);
        var log = File.ReadAllText(session.Paths.SessionLog);
        Assert.Contains("INFO: Applied 1 change(s)", log, StringComparison.Ordinal);
        Assert.Contains("INFO: Undid apply 1: 1 change(s) reverted, 0 left alone", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_names_a_hundred_conflicting_paths_in_session_log_and_counts_the_rest()
    {
        // Given 250 paths the user and the agent both changed (the agent decides how many)
        using var temp = new TempDirectory();
        var workspace = temp.Combine("ws");
        Directory.CreateDirectory(workspace);
        var names = Enumerable.Range(0, 250).Select(i => $"f{i:D3}.txt").ToList();
        names.ForEach(n => File.WriteAllText(Path.Combine(workspace, n), "base\n"));
        var session = new SessionStore(new VibedomHome(temp.Combine("home")), TimeProvider.System).Create(workspace, "ws", "namespace", ["true"], detached: false);
        await SessionWorkspace.CaptureManifestAsync(session, TestContext.Current.CancellationToken);
        session.Update(r => r with { State = SessionState.Exited });
        foreach (var name in names)
        {
            File.WriteAllText(Path.Combine(workspace, name), "the user's\n");
            File.WriteAllText(Path.Combine(session.Paths.Changes, name), "the agent's\n");
        }

        var review = new SessionWorkspace(session, TimeProvider.System);

        // When applying them all
        var outcome = review.Apply(review.ReadChanges(TestContext.Current.CancellationToken).Changes, TestContext.Current.CancellationToken);

        // Then every one is refused, the first hundred named in the log and the rest counted in one line
        Assert.Equal(250, outcome.Conflicts.Count);
        var lines = File.ReadAllLines(session.Paths.SessionLog).Where(l => l.Contains("WARN: Not applied: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(101, lines.Count);
        Assert.EndsWith("WARN: Not applied: 150 more path(s) not named here", lines[^1], StringComparison.Ordinal);
    }
}
