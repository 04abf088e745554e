using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s25: a folder given as stdin (`vibedom run DIR -- CMD &lt; ~`, or `exec`) crossed into the sandbox as it was,
/// a handle on the host's tree that no mount hides: the agent read the host's files through /proc/self/fd/0/.
/// </summary>
public sealed class FolderStdioAttackTests
{
    private const string Marker = "host-file-outside-the-sandbox";

    [Fact]
    public async Task A_folder_as_stdin_of_run_is_refused_and_nothing_in_it_is_read()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        var run = await ViaShellAsync(vibedom, $"exec \"$0\" run {workspace} --yes -- cat /proc/self/fd/0/outside.txt < {Outside(vibedom)}");

        Assert.DoesNotContain(Marker, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("stdin is a folder", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_as_stdin_of_exec_is_refused_and_nothing_in_it_is_read()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        await using var live = await DetachedSession.StartAsync(vibedom, workspace);
        var exec = await ViaShellAsync(vibedom, $"exec \"$0\" exec live -- cat /proc/self/fd/0/outside.txt < {Outside(vibedom)}");

        Assert.DoesNotContain(Marker, exec.StandardOutput + exec.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, exec.ExitCode);
        Assert.Contains("stdin is a folder", exec.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A host folder outside every mount of the sandbox, open to all (as most of a host's folders are).</summary>
    private static string Outside(VibedomBinary vibedom)
    {
        var folder = Path.Combine(vibedom.Root, "outside");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(folder, "outside.txt"), Marker + "\n");
        File.SetUnixFileMode(Path.Combine(folder, "outside.txt"), (UnixFileMode)0b110_100_100);
        return folder;
    }

    private static Task<ProcessResult> ViaShellAsync(VibedomBinary vibedom, string script) =>
        ProcessRunner.Default.RunAsync(new ProcessSpec("sh", ["-c", script, VibedomBinary.Executable])
        {
            Environment = vibedom.Environment(),
            WorkingDirectory = vibedom.Root,
            Timeout = TimeSpan.FromSeconds(120),
        });
}
