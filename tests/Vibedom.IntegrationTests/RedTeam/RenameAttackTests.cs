using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s29: a rename is one change, and <c>RenameDetector</c> hides its deleted half behind the new path. A flagged
/// path the agent moved away (<c>.npmrc</c>, whose <c>ignore-scripts=true</c> kept dependencies' install scripts from
/// running) lost its flag with it: <c>apply --yes</c> removed <c>.npmrc</c> without a word, where a plain deletion of it
/// is flagged and left. The rename now carries the flag of the path it leaves. And pairing by content hashed every
/// file of a deleted file's size: the agent's sparse files of that size cost it no disk, and each cost every listing
/// a whole read (8,000 of 64 MiB: 500 GiB hashed by <c>sessions</c>, <c>diff</c> and the summary after the run).
/// Pairing by lines held the lines of every candidate the agent wrote at once (100 files of 65,000 distinct short
/// lines: <c>sessions</c> peaked at 472 MB, 80 MB now that they are read one at a time).
/// </summary>
public sealed class RenameAttackTests
{
    [Fact]
    public async Task A_flagged_file_the_agent_renamed_away_is_flagged_and_apply_yes_leaves_it()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", (".npmrc", "ignore-scripts=true\n"), ("src/app.js", "console.log('hi')\n"));

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "mv .npmrc npmrc.bak && echo changed > src/app.js"], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);

        var stat = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace);
        var apply = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace);

        Assert.True(apply.ExitCode == 0, apply.StandardError + apply.StandardOutput);
        Assert.Equal("changed\n", File.ReadAllText(Path.Combine(workspace, "src", "app.js")));
        Assert.True(File.Exists(Path.Combine(workspace, ".npmrc")), "apply --yes removed the flagged .npmrc through an unflagged rename; it said:\n" + apply.StandardOutput);
        Assert.False(File.Exists(Path.Combine(workspace, "npmrc.bak")));
        Assert.Contains("!!!   R .npmrc -> npmrc.bak", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("!!! not applied: 1 flagged change(s)", apply.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("renamed from .npmrc: npm config", apply.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sparse_files_of_a_deleted_files_size_do_not_stall_the_summary_sessions_or_diff()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("python3");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("src/app.js", "console.log('hi')\n"));
        using (var model = File.Create(Path.Combine(workspace, "model.bin")))
        {
            model.WriteByte(1);
            model.SetLength(64L << 20); // the rest a hole: a real file of the workspace's, 64 MiB
        }

        const string Agent = "rm model.bin && mkdir d && python3 -c \"\nfor i in range(8000):\n    open('d/%d.bin' % i, 'wb').truncate(64 << 20)\"";
        var generous = TimeSpan.FromMinutes(4);

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", Agent], input: null, timeout: generous);
        Assert.False(run.TimedOut, "the summary after the run did not finish in 4 minutes");
        Assert.True(run.ExitCode == 0, run.StandardError);
        var sessions = await vibedom.RunAsync(["sessions"], input: null, timeout: generous);
        Assert.False(sessions.TimedOut, "sessions did not finish in 4 minutes");
        Assert.Contains("8001", sessions.StandardOutput, StringComparison.Ordinal); // not paired: 8,000 files added and model.bin deleted
        var stat = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace, timeout: generous);
        Assert.False(stat.TimedOut, "diff --stat did not finish in 4 minutes");
        Assert.Contains(" D model.bin ", stat.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_agents_rename_candidates_are_not_all_held_in_memory_at_once()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("python3");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", [.. Enumerable.Range(0, 100).Select(i => ($"f{i:00}.txt", $"a line of the user's {i}\n"))]);

        // each new file: 65,000 distinct three-letter lines (256 KiB, the inexact bound), none like a deleted file
        const string Agent = "rm f*.txt && mkdir n && python3 -c \"\nimport itertools, string\nc = [''.join(t) for t in itertools.product(string.ascii_letters + string.digits, repeat=3)]\n" +
            "for i in range(100):\n    open('n/g%d.txt' % i, 'w').write('\\\\n'.join(c[i * 600:i * 600 + 65000]))\"";
        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", Agent], input: null, timeout: TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, run.StandardError);

        // a heap of 160 MiB: the one file read at a time fits, all 100 (about 400 MB) did not
        var bounded = new Dictionary<string, string>(vibedom.Environment()) { ["DOTNET_GCHeapHardLimit"] = "0xA000000" };
        var sessions = await vibedom.RunAsync(["sessions"], input: null, environment: bounded);

        Assert.True(sessions.ExitCode == 0, sessions.StandardError);
        Assert.Contains(" 200 ", sessions.StandardOutput, StringComparison.Ordinal); // 100 deleted, 100 added: nothing paired
    }
}
