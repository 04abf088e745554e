using System.Text.Json;
using Xunit;

namespace Vibedom.Cli.Tests.Workspace;

/// <summary>A file the agent moved (a whiteout and a new file in the upper layer): shown as one rename everywhere, applied and undone whole.</summary>
public sealed class RenameCommandTests
{
    private static async Task<ReviewFixture> MovedAsync()
    {
        var fixture = await ReviewFixture.CreateAsync();
        fixture.WriteUpper("docs/gone.txt", "delete me\n"); // gone.txt is deleted in the upper layer: this is where it went
        return fixture;
    }

    [Fact]
    public async Task Diff_shows_a_moved_file_as_a_rename_as_git_does()
    {
        using var fixture = await MovedAsync();

        var lines = (await fixture.RunAsync(null, "diff", fixture.Session.Id, "docs")).Output.Split('\n');

        var header = Array.IndexOf(lines, "diff --git a/gone.txt b/docs/gone.txt");
        Assert.True(header >= 0, string.Join('\n', lines));
        Assert.Equal(["similarity index 100%", "rename from gone.txt", "rename to docs/gone.txt"], lines[(header + 1)..(header + 4)]);
        Assert.DoesNotContain("deleted file mode 100644", lines);
        Assert.DoesNotContain("-delete me", lines);
    }

    [Fact]
    public async Task Stat_and_json_count_it_as_one_renamed_change()
    {
        using var fixture = await MovedAsync();

        var stat = await fixture.RunAsync(null, "diff", fixture.Session.Id, "--stat");
        var json = await fixture.RunAsync(null, "diff", fixture.Session.Id, "--json");

        Assert.Contains(stat.Output.Split('\n'), l => l.StartsWith(" R gone.txt -> docs/gone.txt ", StringComparison.Ordinal));
        Assert.DoesNotContain(stat.Output.Split('\n'), l => l.StartsWith(" D gone.txt", StringComparison.Ordinal));
        Assert.Contains("1 renamed)", stat.Output, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Output);
        var renamed = Assert.Single(doc.RootElement.GetProperty("changes").EnumerateArray(), c => c.GetProperty("kind").GetString() == "renamed");
        Assert.Equal("docs/gone.txt", renamed.GetProperty("path").GetString());
        Assert.Equal("gone.txt", renamed.GetProperty("old_path").GetString());
        Assert.Equal(100, renamed.GetProperty("similarity").GetInt32());
        Assert.DoesNotContain(doc.RootElement.GetProperty("changes").EnumerateArray(), c => c.GetProperty("path").GetString() == "gone.txt");
        Assert.Equal(1, doc.RootElement.GetProperty("summary").GetProperty("renamed").GetInt32());
    }

    [Fact]
    public async Task Applying_the_new_path_moves_the_file_and_undo_moves_it_back()
    {
        using var fixture = await MovedAsync();

        var apply = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes", "docs/gone.txt");

        Assert.Equal(0, apply.ExitCode);
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
        Assert.Equal("delete me\n", File.ReadAllText(Path.Combine(fixture.Workspace, "docs/gone.txt")));
        Assert.Equal(0, (await fixture.RunAsync(null, "undo", fixture.Session.Id)).ExitCode);
        Assert.Equal("delete me\n", File.ReadAllText(Path.Combine(fixture.Workspace, "gone.txt")));
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "docs/gone.txt")));
    }

    [Fact]
    public async Task The_review_asks_once_for_the_rename_and_applies_both_halves()
    {
        using var fixture = await MovedAsync();

        var run = await fixture.RunAsync("y\n", "apply", fixture.Session.Id, "docs", "gone.txt");

        Assert.Contains("[1/1] renamed gone.txt -> docs/gone.txt  apply?", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "docs/gone.txt")));
    }

    [Fact]
    public async Task Saying_no_to_the_rename_at_the_review_leaves_both_paths_as_they_are()
    {
        using var fixture = await MovedAsync();

        var run = await fixture.RunAsync("n\n", "apply", fixture.Session.Id, "docs", "gone.txt");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("not applied", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "docs/gone.txt")));
    }

    [Fact]
    public async Task A_rename_of_a_file_you_changed_shows_your_change_against_the_start_not_the_agent_removing_it()
    {
        using var fixture = await MovedAsync();
        File.AppendAllText(Path.Combine(fixture.Workspace, "gone.txt"), "your line\n");

        var lines = (await fixture.RunAsync(null, "diff", fixture.Session.Id, "docs")).Output.Split('\n');

        Assert.Contains("CONFLICT docs/gone.txt: renamed from gone.txt, which was changed in the workspace after the session started; apply leaves the workspace version", lines);
        Assert.Contains("# docs/gone.txt: you changed gone.txt and the agent renamed it here; each is shown against the file as the session started (kept when it started)", lines);
        Assert.Contains("+++ yours/gone.txt\t(the workspace now: your changes)", lines);
        Assert.Contains("+your line", lines);
        Assert.DoesNotContain("-your line", lines);
    }
}
