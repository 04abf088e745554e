using Vibedom.Core.Home;
using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

/// <summary>The workspace on another file system than ~/.vibedom: backups are copies, not hard links.</summary>
public sealed class CrossDeviceTests
{
    [Fact]
    public async Task Undo_restores_byte_for_byte_and_a_second_apply_does_not_conflict_when_backups_are_copies()
    {
        using var temp = new TempDirectory();
        var workspace = temp.Combine("ws");
        var ct = TestContext.Current.CancellationToken;
        await using var disk = await TmpfsMount.MountAsync(workspace, "8m");
        File.WriteAllText(Path.Combine(workspace, "a.txt"), "original a\n");
        File.WriteAllBytes(Path.Combine(workspace, "big.bin"), new byte[200_000]);
        File.WriteAllText(Path.Combine(workspace, "gone.txt"), "bye\n");
        var session = new SessionStore(new VibedomHome(temp.Combine("home")), TimeProvider.System).Create(workspace, "ws", "namespace", ["true"], detached: false);
        SessionWorkspace.CaptureManifest(session, ct);
        session.Update(r => r with { State = SessionState.Exited });
        File.WriteAllText(Path.Combine(session.Paths.Changes, "a.txt"), "agent a\n");
        File.WriteAllBytes(Path.Combine(session.Paths.Changes, "big.bin"), new byte[200_001]);
        File.WriteAllText(Path.Combine(session.Paths.Changes, "new.txt"), "new\n");
        var before = TreeSnapshot.Of(workspace);
        var review = new SessionWorkspace(session, TimeProvider.System);

        var applied = review.Apply(review.ReadChanges(ct).Changes, ct);
        var undone = review.Undo();

        Assert.Empty(applied.Conflicts);
        Assert.Equal(3, applied.Applied.Count);
        Assert.NotNull(undone);
        Assert.Empty(undone.Conflicts);
        Assert.Equal(before, TreeSnapshot.Of(workspace));
        var again = review.Apply(review.ReadChanges(ct).Changes, ct);
        Assert.Empty(again.Conflicts);
        Assert.Equal("agent a\n", File.ReadAllText(Path.Combine(workspace, "a.txt")));
    }
}
