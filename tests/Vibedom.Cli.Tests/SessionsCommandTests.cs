using Vibedom.Cli.Tests.Workspace;
using Vibedom.Core.Sessions;
using Xunit;

namespace Vibedom.Cli.Tests;

public sealed class SessionsCommandTests
{
    [Fact]
    public async Task Sessions_none_prints_how_to_start()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("sessions");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No sessions yet", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_json_lists_newest_first_with_stable_fields()
    {
        using var cli = new CliHarness();
        var store = new SessionStore(cli.Home, TimeProvider.System);
        var first = store.Create("/work/a", "a", "namespace", ["bash"], detached: false);
        var second = store.Create("/work/b", "b", "namespace", ["bash"], detached: false);
        File.WriteAllText(Path.Combine(second.Paths.Changes, "new.txt"), "x");

        var result = await cli.RunAsync("sessions", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(second.Id, rows[0].GetProperty("id").GetString());
        Assert.Equal(1, rows[0].GetProperty("changes").GetInt32());
        Assert.Equal("created", rows[1].GetProperty("state").GetString());
        Assert.Equal(first.Id, rows[1].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Sessions_says_partly_applied_and_what_is_left_after_a_partial_apply()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        Assert.Equal(0, (await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes", "src/new.c")).ExitCode);

        var json = await fixture.RunAsync(null, "sessions", "--json");
        var table = await fixture.RunAsync(null, "sessions");

        using var rows = System.Text.Json.JsonDocument.Parse(json.Output);
        var row = rows.RootElement.EnumerateArray().Single();
        Assert.Equal("partly-applied", row.GetProperty("state").GetString());
        Assert.Equal(7, row.GetProperty("changes").GetInt32());
        Assert.Contains("partly-applied", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_says_applied_when_nothing_is_left()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        Assert.Equal(0, (await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes", "--include-risky")).ExitCode);

        var json = await fixture.RunAsync(null, "sessions", "--json");

        using var rows = System.Text.Json.JsonDocument.Parse(json.Output);
        var row = rows.RootElement.EnumerateArray().Single();
        Assert.Equal("applied", row.GetProperty("state").GetString());
        Assert.Equal(0, row.GetProperty("changes").GetInt32());
    }

    [Fact]
    public async Task Sessions_counts_a_rename_as_two_without_reading_the_renamed_files()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var added = fixture.WriteUpper("docs/gone.txt", "delete me\n"); // gone.txt, deleted in the upper layer, went here
        var deleted = Path.Combine(fixture.Workspace, "gone.txt");
        var longAgo = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastAccessTimeUtc(added, longAgo); // older than its change time: any read of either file moves it (relatime)
        File.SetLastAccessTimeUtc(deleted, longAgo);

        var json = await fixture.RunAsync(null, "sessions", "--json");

        using var rows = System.Text.Json.JsonDocument.Parse(json.Output);
        // the fixture's 8 listed changes (gone.txt's deletion among them) and docs/gone.txt: diff shows the two as one rename
        Assert.Equal(9, rows.RootElement.EnumerateArray().Single().GetProperty("changes").GetInt32());
        Assert.Equal(longAgo, File.GetLastAccessTimeUtc(added));
        Assert.Equal(longAgo, File.GetLastAccessTimeUtc(deleted));
    }
}
