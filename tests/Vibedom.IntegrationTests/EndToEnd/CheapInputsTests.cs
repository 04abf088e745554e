using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// Cheap inputs cannot stall the review: a file rewritten as two million short lines, a 4 TiB sparse file, a
/// folder chain deeper than PATH_MAX, a folder without permissions, a fifo and a name that is not UTF-8. The
/// end-of-run summary, <c>diff --stat</c>, <c>diff</c>, <c>apply</c> and <c>discard</c> each complete within
/// the test's own generous timeout, and say what they capped or refused.
/// </summary>
public sealed class CheapInputsTests
{
    private const string Agent =
        "python3 -c \"open('lines.txt','w').write('x\\n' * 2000000)\" && truncate -s 4T sparse.bin && " +
        "mkfifo pipe && mkdir locked && echo in > locked/f && chmod 000 locked && " +
        "python3 -c \"import os; open(b'bad\\xff.txt','w').write('b')\" && " +
        "python3 -c \"import os\nfor i in range(2500):\n    os.mkdir('d'); os.chdir('d')\nopen('deep.txt','w').write('deep')\"";

    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Summary_diff_apply_and_discard_finish_and_say_what_they_capped()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("python3");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("lines.txt", string.Concat(Enumerable.Range(0, 5000).Select(i => $"line {i}\n"))));

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", Agent], input: null, timeout: Generous);
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains("diff too large or too slow to show", run.StandardOutput, StringComparison.Ordinal);

        var stat = await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace, timeout: Generous);
        Assert.True(stat.ExitCode == 0, stat.StandardError);
        Assert.Contains("sparse.bin", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("bad\\xff.txt", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("REFUSED", stat.StandardOutput, StringComparison.Ordinal);

        var diff = await vibedom.RunAsync(["diff"], input: null, workingDirectory: workspace, timeout: Generous);
        Assert.True(diff.ExitCode == 0, diff.StandardError);
        Assert.Contains("lines.txt: diff too large or too slow to show", diff.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("bad\\xff.txt: its name is not valid UTF-8", diff.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("its path is longer than", diff.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("special file", diff.StandardOutput + stat.StandardOutput, StringComparison.Ordinal);

        // a name that is not UTF-8 is a valid JSON string too: its bytes as \xNN, flagged
        var json = await vibedom.RunAsync(["diff", "--json"], input: null, workingDirectory: workspace, timeout: Generous);
        Assert.True(json.ExitCode == 0, json.StandardError);
        Assert.Contains("\"path\": \"bad\\\\xff.txt\",", json.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"path_not_utf8\": true", json.StandardOutput, StringComparison.Ordinal);

        var apply = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace, timeout: Generous);
        Assert.True(apply.ExitCode == 4, apply.StandardError + apply.StandardOutput);
        Assert.Equal(2_000_000 * 2, new FileInfo(Path.Combine(workspace, "lines.txt")).Length);
        Assert.Equal(4L << 40, new FileInfo(Path.Combine(workspace, "sparse.bin")).Length);
        Assert.Contains("not applied: bad\\xff.txt", apply.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace, "pipe")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(workspace), p => Path.GetFileName(p).StartsWith("bad", StringComparison.Ordinal));

        var discard = await vibedom.RunAsync(["discard", "--yes"], input: null, workingDirectory: workspace, timeout: Generous);
        Assert.True(discard.ExitCode == 0, discard.StandardError + discard.StandardOutput);
        var changes = Directory.GetDirectories(Path.Combine(vibedom.Home, "logs")).Select(d => Path.Combine(d, "changes")).Single(Directory.Exists);
        Assert.Empty(Directory.EnumerateFileSystemEntries(changes));
    }
}
