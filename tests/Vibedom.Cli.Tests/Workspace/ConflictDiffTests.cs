using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Cli.Tests.Workspace;

/// <summary>
/// A file both the user (on the host, during the session) and the agent changed: the diff never reads as the agent
/// deleting the user's lines. With the start version known (kept at session start, or git HEAD with the manifest's
/// SHA-256) it is three-way; without it, the sides are named and the note says what a '-' line means.
/// </summary>
public sealed class ConflictDiffTests
{
    private const string UserLine = "/* the user's own line, added on the host */";

    [Fact]
    public async Task Conflict_with_a_git_start_shows_your_changes_and_the_agents_each_against_the_start()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        File.Delete(fixture.Session.Paths.Start); // a session started before the start store existed: git HEAD is the base
        await GitAsync(fixture.Workspace, "init", "-q");
        await GitAsync(fixture.Workspace, "add", "src/app.c");
        await GitAsync(fixture.Workspace, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "start");
        UserEdits(fixture);

        var run = await fixture.RunAsync(null, "diff", fixture.Session.Id, "src/app.c");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.Contains("# src/app.c: you and the agent both changed it; each is shown against the file as the session started (git HEAD: the same content)", lines);
        var yours = Array.IndexOf(lines, "+++ yours/src/app.c\t(the workspace now: your changes)");
        var agent = Array.IndexOf(lines, "+++ agent/src/app.c\t(the agent's: not applied)");
        Assert.True(yours > 0 && agent > yours, run.Output);
        Assert.Contains("+" + UserLine, lines[yours..agent]);          // the user's line, as the user's addition
        Assert.DoesNotContain("-" + UserLine, lines);                  // never as the agent deleting it
        Assert.Contains("-    puts(\"hello\");", lines[agent..]);
        Assert.Contains("+    puts(\"hello, world\");", lines[agent..]);
    }

    [Fact]
    public async Task Conflict_without_git_shows_the_start_kept_when_the_session_started()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        UserEdits(fixture);

        var run = await fixture.RunAsync(null, "diff", fixture.Session.Id, "src/app.c");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.Contains("CONFLICT src/app.c: changed in the workspace after the session started; apply leaves the workspace version", lines);
        Assert.Contains("# src/app.c: you and the agent both changed it; each is shown against the file as the session started (kept when it started)", lines);
        var yours = Array.IndexOf(lines, "+++ yours/src/app.c\t(the workspace now: your changes)");
        var agent = Array.IndexOf(lines, "+++ agent/src/app.c\t(the agent's: not applied)");
        Assert.True(yours > 0 && agent > yours, run.Output);
        Assert.Contains("+" + UserLine, lines[yours..agent]);
        Assert.DoesNotContain("-" + UserLine, lines);
        Assert.Contains("+    puts(\"hello, world\");", lines[agent..]);
    }

    [Fact]
    public async Task Conflict_json_says_the_base_and_both_sides_line_counts()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        UserEdits(fixture);

        var run = await fixture.RunAsync(null, "diff", fixture.Session.Id, "--json", "src/app.c");

        using var json = System.Text.Json.JsonDocument.Parse(run.Output);
        var change = json.RootElement.GetProperty("changes")[0];
        Assert.Equal("kept", change.GetProperty("start").GetString());
        Assert.Equal(64, change.GetProperty("start_sha256").GetString()!.Length);
        Assert.Equal(1, change.GetProperty("your_added_lines").GetInt32());
        Assert.Equal(0, change.GetProperty("your_removed_lines").GetInt32());
        Assert.Equal(1, change.GetProperty("added_lines").GetInt32());   // the agent's, against the start
        Assert.Equal(1, change.GetProperty("removed_lines").GetInt32());
    }

    [Fact]
    public async Task Conflict_without_a_known_start_names_the_sides_and_what_a_minus_line_means()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        File.Delete(fixture.Session.Paths.Start); // a session started before the start store existed
        UserEdits(fixture);

        var run = await fixture.RunAsync(null, "diff", fixture.Session.Id, "src/app.c");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("# src/app.c: you and the agent both changed it, and the file as the session started is not known", StringComparison.Ordinal));
        Assert.Contains("--- yours/src/app.c\t(the workspace now, with your changes)", lines);
        Assert.Contains("+++ agent/src/app.c\t(the agent's: not applied)", lines);
        Assert.DoesNotContain("--- a/src/app.c", lines);
    }

    [Fact]
    public async Task Conflict_whose_git_head_is_not_the_start_is_not_shown_three_way()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        File.Delete(fixture.Session.Paths.Start);
        await GitAsync(fixture.Workspace, "init", "-q");
        File.WriteAllText(Path.Combine(fixture.Workspace, "src/app.c"), "committed, but not what the session started with\n");
        await GitAsync(fixture.Workspace, "add", "src/app.c");
        await GitAsync(fixture.Workspace, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "other");
        UserEdits(fixture);

        var run = await fixture.RunAsync(null, "diff", fixture.Session.Id, "src/app.c");

        Assert.DoesNotContain("--- start/", run.Output, StringComparison.Ordinal);
        Assert.Contains("--- yours/src/app.c", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_you_changed_and_the_agent_deleted_shows_your_changes_not_the_agent_deleting_them()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        File.Delete(fixture.Session.Paths.Start);
        await GitAsync(fixture.Workspace, "init", "-q");
        await GitAsync(fixture.Workspace, "add", "gone.txt");
        await GitAsync(fixture.Workspace, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "start");
        File.AppendAllText(Path.Combine(fixture.Workspace, "gone.txt"), UserLine + "\n");

        var run = await fixture.RunAsync(null, "diff", fixture.Session.Id, "gone.txt");

        var lines = run.Output.Split('\n');
        Assert.Contains("# gone.txt: you changed it and the agent deleted it; your changes are shown against the file as the session started (git HEAD: the same content)", lines);
        Assert.Contains("+++ yours/gone.txt\t(the workspace now: your changes)", lines);
        Assert.Contains("+" + UserLine, lines);
        Assert.DoesNotContain("-" + UserLine, lines);
    }

    [Fact]
    public async Task A_file_you_changed_and_the_agent_deleted_without_a_known_start_says_the_agent_deleted_it()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        File.Delete(fixture.Session.Paths.Start);
        File.AppendAllText(Path.Combine(fixture.Workspace, "gone.txt"), UserLine + "\n");

        var run = await fixture.RunAsync(null, "diff", fixture.Session.Id, "gone.txt");

        var lines = run.Output.Split('\n');
        Assert.Contains("--- yours/gone.txt\t(the workspace now, with your changes)", lines);
        Assert.Contains("+++ /dev/null\t(the agent deleted it: not applied)", lines);
        Assert.Contains("# gone.txt: you changed it and the agent deleted it; the '-' lines are your file as it is now, your changes among them", lines);
    }

    /// <summary>The user adds a line on the host while the session runs (a new inode: the manifest no longer matches).</summary>
    private static void UserEdits(ReviewFixture fixture)
    {
        var path = Path.Combine(fixture.Workspace, "src/app.c");
        var text = File.ReadAllText(path).Replace("int main(void)\n", UserLine + "\nint main(void)\n", StringComparison.Ordinal);
        File.Delete(path);
        File.WriteAllText(path, text);
    }

    private static async Task GitAsync(string workspace, params string[] args)
    {
        Prerequisite.RequireCommand("git");
        var result = await ProcessRunner.Default.RunAsync(new ProcessSpec("git", ["-C", workspace, .. args]), TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.StandardError);
    }
}
