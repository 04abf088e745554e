using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// What a new user trips over in the first hour, through the real binary: typos are usage errors before
/// anything starts, every bad input is one line naming the fix, and doctor checks what run checks.
/// </summary>
public sealed class FirstHourMessagesTests
{
    [Theory]
    [InlineData("--detatch")]
    [InlineData("-x")]
    [InlineData("--nmae=x")]
    [InlineData("--all=1")]
    public async Task An_unknown_option_before_the_command_is_exit_2_with_no_scan_and_no_session(string typo)
    {
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        var result = await vibedom.RunAsync("run", workspace, "--yes", typo, "--", "true");

        AssertOneLine(result, 2, $"unknown option '{typo}'");
        Assert.DoesNotContain("pre-flight", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(vibedom.Home, "logs")));
    }

    [Fact]
    public async Task A_command_found_nowhere_is_exit_127_with_no_scan_and_no_session()
    {
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        var result = await vibedom.RunAsync("run", workspace, "--yes", "--", "claudee-no-such-agent");

        AssertOneLine(result, 127, "claudee-no-such-agent: command not found");
        Assert.DoesNotContain("pre-flight", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(vibedom.Home, "logs")));
    }

    [Fact]
    public async Task Words_after_the_first_command_word_belong_to_the_command_even_when_they_look_like_options()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        var result = await vibedom.RunAsync("run", workspace, "--yes", "echo", "--detach", "--help", "--yes");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("--detach --help --yes", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_without_a_session_names_the_usage()
    {
        using var vibedom = new VibedomBinary();

        var result = await vibedom.RunAsync("exec", "--", "ls");

        AssertOneLine(result, 2, "exec needs a SESSION before --: vibedom exec SESSION -- ls");

        // the command as the shell would read it back: before, "-- bash -c echo hi > c.txt; id", which pasted runs another command
        var words = await vibedom.RunAsync("exec", "--", "bash", "-c", "echo it's > c.txt; id", "");

        AssertOneLine(words, 2, @"vibedom exec SESSION -- bash -c 'echo it'\''s > c.txt; id' '' (running sessions");
    }

    [Fact]
    public async Task Vibedom_home_that_is_a_file_under_proc_or_relative_is_one_line_naming_the_fix()
    {
        using var vibedom = new VibedomBinary();
        var file = Path.Combine(vibedom.Workspace("proj", ("a.txt", "a\n")), "a.txt");

        foreach (var (home, expected) in new[]
        {
            (file, $"VIBEDOM_HOME={file} is a file, not a folder; point VIBEDOM_HOME at a folder"),
            (Path.Combine(file, "sub"), $"cannot be a folder: {file} is a file"),
            ("/proc/vibedom-home", "VIBEDOM_HOME=/proc/vibedom-home is inside /proc, a kernel filesystem"),
            // resolved against the current folder, it would be another home after a cd: refused, never created
            ("vh", $"VIBEDOM_HOME=vh is not an absolute path: it would change with the current folder; set it to one (VIBEDOM_HOME={Path.Combine(vibedom.Root, "vh")})"),
            ("~/vh", "VIBEDOM_HOME=~/vh is not an absolute path ('~' is expanded by the shell only when unquoted)"),
        })
        {
            foreach (var args in new[] { new[] { "init" }, ["run", Path.GetDirectoryName(file)!, "--yes", "--", "true"], ["sessions"] })
            {
                var environment = vibedom.Environment();
                environment["VIBEDOM_HOME"] = home;
                var result = await vibedom.RunAsync(args, input: null, environment: environment);
                AssertOneLine(result, 2, expected);
            }
        }

        Assert.False(Path.Exists(Path.Combine(vibedom.Root, "vh")));
        Assert.False(Path.Exists(Path.Combine(vibedom.Root, "~")));
    }

    [Fact]
    public async Task A_binary_config_toml_is_one_line_saying_it_is_not_a_text_file()
    {
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);
        File.WriteAllBytes(Path.Combine(vibedom.Home, "config.toml"), garbage);

        var result = await vibedom.RunAsync("run", workspace, "--yes", "--", "true");

        AssertOneLine(result, 2, "config.toml: not a text file");
    }

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("fd00::/8")]
    public async Task A_cidr_line_in_the_allowlist_is_called_a_range_and_doctor_fails_on_it(string range)
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        File.AppendAllText(Path.Combine(vibedom.Home, "trusted_domains.txt"), $"\n{range}\n");

        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "true");
        var doctor = await vibedom.RunAsync("doctor");

        AssertOneLine(run, 2, "allowlist-range: address ranges (CIDR) are not supported");
        Assert.DoesNotContain("a path", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(3, doctor.ExitCode);
        Assert.Contains("FAIL", doctor.StandardOutput.Split('\n').Single(l => l.Contains("trusted_domains.txt", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("Everything vibedom needs is in place", doctor.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_error_of_a_config_or_allowlist_is_its_own_line_and_a_table_written_twice_names_the_first()
    {
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        Assert.Equal(0, (await vibedom.RunAsync("init")).ExitCode);
        var config = Path.Combine(vibedom.Home, "config.toml");
        var allowlist = Path.Combine(vibedom.Home, "trusted_domains.txt");
        var template = File.ReadAllText(config);
        var dlpLine = Array.IndexOf(template.Split('\n'), "[dlp]") + 1;
        Assert.True(dlpLine > 0, "the template has a [dlp] table");

        File.WriteAllText(config, template.Replace("[limits]\n", "[limits]\nbogus = 1\nmemroy = \"1G\"\n", StringComparison.Ordinal));
        var twoKeys = await vibedom.RunAsync("run", workspace, "--yes", "--", "true");
        // README's [dlp] block pasted at the end of the template, which already has a [dlp] table
        File.WriteAllText(config, template + "\n[dlp]\nsecrets = \"block\"\n");
        var twice = await vibedom.RunAsync("run", workspace, "--yes", "--", "true");
        File.WriteAllText(config, template);
        File.AppendAllText(allowlist, "\nfoo bar\nhttps://example.org\n");
        var twoLines = await vibedom.RunAsync("run", workspace, "--yes", "--", "true");

        AssertLines(twoKeys, $"vibedom: {config}(", "unknown key 'limits.bogus'", "unknown key 'limits.memroy'");
        AssertLines(twoLines, $"vibedom: {allowlist}(", "allowlist-syntax: one entry per line", "allowlist-syntax: write the host only");
        AssertOneLine(twice, 2, $"'dlp' is already defined at line {dlpLine}; a table or key appears once in a file");
        Assert.True(twice.StandardError.Length < 300, twice.StandardError);
        Assert.False(Directory.Exists(Path.Combine(vibedom.Home, "logs")) && Directory.EnumerateDirectories(Path.Combine(vibedom.Home, "logs")).Any());
    }

    [Fact]
    public async Task A_newcomers_config_mistakes_each_get_one_line_that_shows_the_fix()
    {
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var config = Path.Combine(vibedom.Home, "config.toml");

        File.WriteAllText(config, "runtime = \"namespace\"\n[run]\ncommand = \"claude\"\ncommnd = [\"claude\"]\n");
        var misplaced = await vibedom.RunAsync("run", workspace, "--yes", "--", "true");
        File.WriteAllText(config, "[dlp]\nsecrets = scrub\n");
        var unquoted = await vibedom.RunAsync("run", workspace, "--yes", "--", "true");
        File.WriteAllText(config, "[run\ncommand = [\"claude\"]\n");
        var bracket = await vibedom.RunAsync("run", workspace, "--yes", "--", "true");

        // before: "unknown key 'runtime'", "command: expected an array of strings", "unknown key 'run.commnd'";
        // "Unexpected token `scrub` for a value"; four lines of parser tokens for the one missing ']'
        AssertLines(
            misplaced,
            $"vibedom: {config}(",
            "(1,1): 'runtime' is above every table, where vibedom reads no key: write runtime = ... below the [run] line",
            "(3,11): run.command: expected an array of strings: write command = [\"claude\"]",
            "(4,1): unknown key 'run.commnd' (did you mean 'command'? known: runtime, command, env, read_only_paths)");
        AssertOneLine(unquoted, 2, $"{config}(2,11): scrub is not a TOML value: text goes in quotes, \"scrub\"");
        AssertOneLine(bracket, 2, $"{config}(1,5): expected `]` here, found the end of the line");
    }

    [Fact]
    public async Task A_value_outside_an_options_choices_lists_them_on_one_line()
    {
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));

        var result = await vibedom.RunAsync("run", workspace, "--yes", "--runtime", "dockr", "--", "true");

        AssertOneLine(result, 2, "Argument 'dockr' not recognized. Must be one of: 'namespace', 'docker', 'podman', 'apple' (see 'vibedom run --help')");
    }

    [Fact]
    public async Task A_vibedom_home_that_cannot_be_created_is_one_line_naming_the_fix()
    {
        Prerequisite.RequireCommand("setpriv");
        Prerequisite.Require(Prerequisite.IsRoot, "needs root to become uid 65534");
        using var vibedom = new VibedomBinary();
        await vibedom.GiveToNobodyAsync();
        var environment = vibedom.Environment();
        environment["VIBEDOM_HOME"] = "/etc/vibedom-home-" + Guid.NewGuid().ToString("N")[..8];

        foreach (var args in new[] { new[] { "init" }, ["sessions"] })
        {
            var result = await vibedom.RunAsNobodyAsync(args, environment: environment);

            AssertOneLine(result, 2, $"VIBEDOM_HOME={environment["VIBEDOM_HOME"]} cannot be created: /etc is not writable for you; point VIBEDOM_HOME at a folder of yours");
        }
    }

    [Fact]
    public async Task Init_shows_the_deploy_key_and_points_at_vibedom_key_for_where_to_add_it()
    {
        using var vibedom = new VibedomBinary();

        var init = await vibedom.RunAsync("init");

        Assert.Equal(0, init.ExitCode);
        Assert.Contains("Deploy key for git over SSH inside sandboxes", init.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("'vibedom key' says where", init.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(File.ReadAllText(Path.Combine(vibedom.Home, "keys", "id_ed25519_vibedom.pub")).Trim(), init.StandardOutput, StringComparison.Ordinal);
    }

    private static void AssertLines(ProcessResult result, string prefix, params string[] expected)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}:\n{result.StandardError}");
        var lines = result.StandardError.Trim().Split('\n');
        Assert.True(lines.Length == expected.Length, $"expected {expected.Length} lines on stderr, got:\n{result.StandardError}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith(prefix, lines[i], StringComparison.Ordinal);
            Assert.Contains(expected[i], lines[i], StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\\n", result.StandardError, StringComparison.Ordinal);
    }

    internal static void AssertOneLine(ProcessResult result, int exitCode, string expected)
    {
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}, expected {exitCode}:\n{result.StandardError}");
        var lines = result.StandardError.Trim().Split('\n');
        Assert.True(lines.Length == 1, "expected one line on stderr, got:\n" + result.StandardError);
        Assert.StartsWith("vibedom: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
    }
}
