using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>Bad input gets one line on stderr and a documented exit code; never a stack trace, never a started sandbox.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task Run_refuses_a_workspace_that_does_not_exist()
    {
        using var vibedom = new VibedomBinary();

        var result = await vibedom.RunAsync("run", Path.Combine(vibedom.Root, "nope"), "--yes", "--", "true");

        AssertOneLine(result, 2, "does not exist");
    }

    [Fact]
    public async Task Run_refuses_a_file_as_workspace()
    {
        using var vibedom = new VibedomBinary();
        var file = Path.Combine(vibedom.Workspace("proj", ("a.txt", "a")), "a.txt");

        var result = await vibedom.RunAsync("run", file, "--yes", "--", "true");

        AssertOneLine(result, 2, "is a file");
    }

    [Fact]
    public async Task Run_refuses_root_and_home_as_workspace()
    {
        using var vibedom = new VibedomBinary();

        AssertOneLine(await vibedom.RunAsync("run", "/", "--yes", "--", "true"), 2, "refusing to sandbox /");
        AssertOneLine(await vibedom.RunAsync("run", vibedom.Environment()["HOME"], "--yes", "--", "true"), 2, "home folder");
    }

    [Fact]
    public async Task Run_with_a_malformed_config_names_file_line_and_column()
    {
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a"));
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), "[run]\nruntime = \"dockr\"\n");

        var result = await vibedom.RunAsync("run", workspace, "--yes", "--", "true");

        AssertOneLine(result, 2, $"{Path.Combine(vibedom.Home, "config.toml")}(2,11): run.runtime: unknown runtime 'dockr'");
        Assert.Empty(Directory.Exists(Path.Combine(vibedom.Home, "logs")) ? Directory.GetDirectories(Path.Combine(vibedom.Home, "logs")) : []);
    }

    [Fact]
    public async Task An_empty_program_name_in_run_command_is_a_config_error_naming_file_and_line()
    {
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a"));
        File.WriteAllText(Path.Combine(vibedom.Home, "config.toml"), "[run]\ncommand = [\"\", \"--help\"]\n");

        var result = await vibedom.RunAsync("run", workspace, "--yes");

        AssertOneLine(result, 2, $"{Path.Combine(vibedom.Home, "config.toml")}(2,11): run.command: the program name (its first word) is empty: name a program, e.g. [\"claude\"]");
        Assert.Empty(Directory.Exists(Path.Combine(vibedom.Home, "logs")) ? Directory.GetDirectories(Path.Combine(vibedom.Home, "logs")) : []);
    }

    [Fact]
    public async Task A_read_only_path_that_does_not_exist_is_a_config_error_before_the_scan_and_a_doctor_failure()
    {
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a"));
        var config = Path.Combine(vibedom.Home, "config.toml");
        File.WriteAllText(config, "[run]\nread_only_paths = [\"~/.no-such-tool\"]\n");
        var expanded = Path.Combine(vibedom.Environment()["HOME"], ".no-such-tool");

        var result = await vibedom.RunAsync("run", workspace, "--yes", "--", "true");
        var doctor = await vibedom.RunAsync("doctor");

        // before: the pre-flight ran, then bubblewrap's own line twice ("cannot find source path"), exit 3, doctor all ok
        AssertOneLine(result, 2, $"{config}: run.read_only_paths: ~/.no-such-tool ({expanded}) does not exist; fix the path, or remove it from the list");
        Assert.DoesNotContain("pre-flight", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(vibedom.Home, "logs")));
        Assert.NotEqual(0, doctor.ExitCode);
        Assert.Contains($"FAIL  read_only_paths: {config}: run.read_only_paths: ~/.no-such-tool ({expanded}) does not exist", doctor.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_session_is_one_line_and_exit_2()
    {
        using var vibedom = new VibedomBinary();
        vibedom.Workspace("proj", ("a.txt", "a"));

        var result = await vibedom.RunAsync("diff", "session-nope");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StandardError.Trim().Split('\n'));
    }

    [Fact]
    public async Task Run_without_bubblewrap_exits_3_naming_the_install_command_before_the_scan_and_the_session()
    {
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a"));
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var environment = vibedom.Environment();
        environment["PATH"] = Path.Combine(vibedom.Root, "empty-path");

        var result = await Vibedom.Core.Processes.ProcessRunner.Default.RunAsync(
            new Vibedom.Core.Processes.ProcessSpec(VibedomBinary.Executable, ["run", workspace, "--yes", "--", "true"])
            {
                Environment = environment,
                InheritBasicEnvironment = false,
            },
            TestContext.Current.CancellationToken);

        AssertOneLine(result, 3, "bubblewrap (bwrap) is not installed; install it: sudo apt-get install -y bubblewrap");
        // before: the pre-flight scan ran first, and a cancelled session was left to prune
        Assert.DoesNotContain("pre-flight", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs")));
    }

    private static void AssertOneLine(Vibedom.Core.Processes.ProcessResult result, int exitCode, string expected)
    {
        Assert.Equal(exitCode, result.ExitCode);
        var lines = result.StandardError.Trim().Split('\n');
        Assert.True(lines.Length == 1, "expected one line on stderr, got:\n" + result.StandardError);
        Assert.StartsWith("vibedom: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }
}
