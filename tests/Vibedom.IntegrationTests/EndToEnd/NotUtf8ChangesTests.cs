using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// Workspace files whose names are not UTF-8, changed by the agent, through the real binary: each is shown as what the
/// agent did to it (deleted, modified, added) and refused, never applied; the user's files stay as they were.
/// </summary>
public sealed class NotUtf8ChangesTests
{
    [Fact]
    public async Task A_deleted_or_changed_file_whose_name_is_not_utf8_is_shown_as_such_and_refused()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("python3");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("python3", ["-c", "open(b'gone\\xff.txt','w').write('g'); open(b'kept\\xfe.txt','w').write('k')"]) { WorkingDirectory = workspace }, TestContext.Current.CancellationToken);

        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "python3", "-c", "import os; os.remove(b'gone\\xff.txt'); open(b'kept\\xfe.txt','a').write('more'); open(b'new\\xfd.txt','w').write('n')");
        var stat = await vibedom.RunAsync("diff", "--stat");
        var apply = await vibedom.RunAsync("apply", "--yes");

        // before: all three were "A ... REFUSED" ("new special mode 100000"), the deletion and the change too
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains(" D gone\\xff.txt | 0 REFUSED", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" M kept\\xfe.txt | 0 REFUSED", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" A new\\xfd.txt  | 0 REFUSED", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("gone\\xff.txt: its name is not valid UTF-8: never applied (delete it by hand if you want it gone)", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(4, apply.ExitCode);
        var host = await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("python3", ["-c", "import os; print(sorted(os.listdir(b'.')), open(b'gone\\xff.txt').read(), open(b'kept\\xfe.txt').read())"]) { WorkingDirectory = workspace }, TestContext.Current.CancellationToken);
        Assert.Equal("[b'a.txt', b'gone\\xff.txt', b'kept\\xfe.txt'] g k", host.StandardOutput.Trim());
    }
}
