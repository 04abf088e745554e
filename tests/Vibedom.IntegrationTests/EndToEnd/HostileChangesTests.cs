using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// Changes a hostile agent leaves to fool or stall the review, through the real binary: forged overlay
/// attributes that would copy host files into the workspace, and cheap inputs that would make diff, apply,
/// discard or the end-of-run summary run for hours. Every abuse is bounded in size and count.
/// </summary>
public sealed class HostileChangesTests
{
    private const string Marker = "HOST-SECRET-b1f0";

    /// <summary>Sets user.overlay.* on the agent's own files: metacopy + redirect to a host file and /proc/self/environ, a directory redirected to /.</summary>
    private const string Forge =
        "import os\n" +
        "for name, target in [('steal', b'/../../host-secret.txt'), ('env', b'/../../../../../../../../proc/self/environ')]:\n" +
        "    open(name, 'w').write('mine')\n" +
        "    for k, v in [('metacopy', b''), ('redirect', target)]:\n" +
        "        os.setxattr(name, 'user.overlay.' + k, v)\n" +
        "os.mkdir('dir')\n" +
        "os.setxattr('dir', 'user.overlay.redirect', b'/../../../../../..')\n";

    private static void AssertNothingOfTheHost(string workspace, params string[] outputs)
    {
        foreach (var output in outputs)
        {
            Assert.DoesNotContain(Marker, output, StringComparison.Ordinal);
            Assert.DoesNotContain("VIBEDOM_HOME", output, StringComparison.Ordinal);
        }

        foreach (var file in Directory.EnumerateFiles(workspace, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(Marker, text, StringComparison.Ordinal);
            Assert.DoesNotContain("VIBEDOM_HOME", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Forged_user_overlay_attributes_never_copy_a_host_file_in_a_root_run()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("python3");
        Prerequisite.Require(Prerequisite.IsRoot, "a root-run session");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        File.WriteAllText(Path.Combine(vibedom.Root, "host-secret.txt"), Marker + "\n");
        File.WriteAllText(Path.Combine(workspace, "forge.py"), Forge);

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "python3", "forge.py"], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var diff = await vibedom.RunAsync(["diff"], input: null, workingDirectory: workspace);
        var json = await vibedom.RunAsync(["diff", "--json"], input: null, workingDirectory: workspace);
        var apply = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace);

        Assert.True(diff.ExitCode == 0, diff.StandardError);
        Assert.True(apply.ExitCode == 0, apply.StandardError + apply.StandardOutput);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(workspace, "steal")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(workspace, "env")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(workspace, "dir")));
        AssertNothingOfTheHost(workspace, run.StandardOutput, diff.StandardOutput, json.StandardOutput, apply.StandardOutput);
    }

    [Fact]
    public async Task Forged_user_overlay_attributes_never_copy_a_host_file_in_a_rootless_run()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("python3");
        Prerequisite.Require(Prerequisite.IsRoot, "needs root to become uid 65534");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"), ("d/x.txt", "x\n"));
        File.WriteAllText(Path.Combine(vibedom.Root, "host-secret.txt"), Marker + "\n");
        File.WriteAllText(Path.Combine(workspace, "forge.py"), Forge);
        await vibedom.GiveToNobodyAsync();

        // the kernel escapes or refuses its own namespace; the real opaque folder below must still read as one
        var run = await vibedom.RunAsNobodyAsync(["run", workspace, "--yes", "--", "sh", "-c", "python3 forge.py 2>&1; rm -rf d && mkdir d && echo y > d/y.txt"]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var diff = await vibedom.RunAsNobodyAsync(["diff"], workspace);
        var apply = await vibedom.RunAsNobodyAsync(["apply", "--yes"], workspace);

        Assert.True(diff.ExitCode == 0, diff.StandardError);
        Assert.True(apply.ExitCode == 0, apply.StandardError + apply.StandardOutput);
        Assert.False(File.Exists(Path.Combine(workspace, "d", "x.txt")));
        Assert.Equal("y\n", File.ReadAllText(Path.Combine(workspace, "d", "y.txt")));
        AssertNothingOfTheHost(workspace, run.StandardOutput, diff.StandardOutput, apply.StandardOutput);
    }
}
