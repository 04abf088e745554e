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
}
