using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Sessions;

/// <summary>The live index (run/live/ID): reconciliation reads only those records, so it must never miss a live session.</summary>
public sealed class LiveIndexTests
{
    /// <summary>A machine without runtimes: nothing can be inspected, so sessions stay as recorded.</summary>
    private sealed class NoRuntimes : IRuntimeCatalog
    {
        public IReadOnlyList<ISandboxRuntime> All => [];

        public ISandboxRuntime Get(string name) => throw VibedomException.Usage($"unknown runtime '{name}'");
    }

    [Fact]
    public void An_index_entry_exists_while_the_session_is_created_or_running()
    {
        using var temp = new TempDirectory();
        var home = new VibedomHome(temp.Combine("home"));
        var session = new SessionStore(home, TimeProvider.System).Create(temp.Combine("ws"), "ws", "namespace", ["true"], detached: false);
        var entry = Path.Combine(home.RunDirectory, "live", session.Id);

        Assert.True(File.Exists(entry));
        session.Update(r => r with { State = SessionState.Running });
        Assert.True(File.Exists(entry));
        session.Update(r => r with { State = SessionState.Exited });
        Assert.False(File.Exists(entry));
    }

    [Fact]
    public void A_home_without_an_index_has_it_rebuilt_on_first_list()
    {
        using var temp = new TempDirectory();
        var home = new VibedomHome(temp.Combine("home"));
        var store = new SessionStore(home, TimeProvider.System);
        var running = store.Create(temp.Combine("ws"), "ws", "namespace", ["true"], detached: false);
        running.Update(r => r with { State = SessionState.Running });
        var ended = store.Create(temp.Combine("ws"), "ws", "namespace", ["true"], detached: false);
        ended.Update(r => r with { State = SessionState.Exited });
        Directory.Delete(Path.Combine(home.RunDirectory, "live"), recursive: true);

        var all = new SessionService(home, TimeProvider.System, new NoRuntimes()).List();

        Assert.Equal(2, all.Count);
        Assert.Equal([running.Id], Directory.GetFiles(Path.Combine(home.RunDirectory, "live")).Select(Path.GetFileName));
    }

    [Fact]
    public void Index_entries_of_ended_or_missing_sessions_are_dropped_on_list()
    {
        using var temp = new TempDirectory();
        var home = new VibedomHome(temp.Combine("home"));
        var session = new SessionStore(home, TimeProvider.System).Create(temp.Combine("ws"), "ws", "namespace", ["true"], detached: false);
        var live = Path.Combine(home.RunDirectory, "live");
        File.WriteAllBytes(Path.Combine(live, "session-20200101-000000-dead"), []);
        session.Update(r => r with { State = SessionState.Applied });
        File.WriteAllBytes(Path.Combine(live, session.Id), []); // a leftover of a crash between the two writes

        _ = new SessionService(home, TimeProvider.System, new NoRuntimes()).List();

        Assert.Empty(Directory.GetFiles(live));
    }

    [Fact]
    public void An_entry_whose_record_is_not_written_yet_is_kept_until_the_record_says_it_ended()
    {
        using var temp = new TempDirectory();
        var home = new VibedomHome(temp.Combine("home"));
        var session = new SessionStore(home, TimeProvider.System).Create(temp.Combine("ws"), "ws", "namespace", ["true"], detached: false);
        var entry = Path.Combine(home.RunDirectory, "live", session.Id);
        var record = File.ReadAllText(session.Paths.SessionJson);
        File.Delete(session.Paths.SessionJson); // a launcher between its index entry and its first record (or a record unreadable a moment)

        new SessionService(home, TimeProvider.System, new NoRuntimes()).List();

        Assert.True(File.Exists(entry), "a live session would never be reconciled again");
        File.WriteAllText(session.Paths.SessionJson, record);
        Assert.Contains(new SessionService(home, TimeProvider.System, new NoRuntimes()).List(), s => s.Id == session.Id);
    }
}
