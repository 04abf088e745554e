using System.Text.RegularExpressions;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// More of what a new user meets in the first hour, through the real binary: the top-level help reads as each
/// command's own help, and a command path that is not there is said before anything starts.
/// </summary>
public sealed partial class FirstHourRunTests
{
    [Fact]
    public async Task Top_level_help_writes_each_argument_optional_or_repeated_as_the_commands_own_help_does()
    {
        using var vibedom = new VibedomBinary();

        var help = await vibedom.RunAsync("--help");

        Assert.Equal(0, help.ExitCode);
        var rows = help.StandardOutput[help.StandardOutput.IndexOf("Commands:\n", StringComparison.Ordinal)..]
            .Split('\n').Skip(1).Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Length > 2 && l[2] != ' ')
            .Select(l => l.Trim().Split("  ")[0]).ToList();
        Assert.Contains("run <WORKSPACE> [<COMMAND>...]", rows);
        Assert.Contains("diff [<SESSION>] [<PATH>...]", rows);
        Assert.Contains("exec <SESSION> <COMMAND>...", rows);
        foreach (var row in rows)
        {
            var name = row.Split(' ')[0];
            var own = await vibedom.RunAsync(name, "--help");
            var usage = own.StandardOutput.Split('\n').SkipWhile(l => l != "Usage:").Skip(1).First();
            foreach (Match argument in ArgumentLabel().Matches(row))
            {
                // in its own usage an optional argument opens a bracket: "[<SESSION> [<PATH>...]]"
                var optional = usage.Contains("[<" + argument.Groups["name"].Value, StringComparison.Ordinal);
                Assert.True(optional == argument.Value.StartsWith('['), $"'{row}' against its own usage '{usage.Trim()}'");
            }
        }
    }

    [Theory]
    [InlineData("./nothere")]
    [InlineData("bin/nothere")]
    [InlineData("/usr/bin/vibedom-no-such-command")]
    public async Task A_command_path_that_is_not_there_is_exit_127_naming_it_with_no_scan_and_no_session(string command)
    {
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"), ("bin/tool", "#!/bin/sh\n"));

        var result = await vibedom.RunAsync("run", workspace, "--yes", "--", command);

        FirstHourMessagesTests.AssertOneLine(result, 127, $"vibedom: {command}: command not found");
        Assert.DoesNotContain("pre-flight", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(vibedom.Home, "logs")));
    }

    [Fact]
    public async Task A_command_path_in_the_workspace_that_is_not_there_is_exit_127_for_an_ordinary_user_too()
    {
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        await vibedom.GiveToNobodyAsync();

        var result = await vibedom.RunAsNobodyAsync(["run", workspace, "--yes", "--", Path.Combine(workspace, "nothere")]);

        FirstHourMessagesTests.AssertOneLine(result, 127, $"{Path.Combine(workspace, "nothere")} does not exist");
        Assert.False(Directory.Exists(Path.Combine(vibedom.Home, "logs")));
    }

    [Fact]
    public async Task A_command_path_through_a_link_is_left_to_the_sandbox_which_says_it_is_not_found()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        // the link resolves inside, against the sandbox's tree: not judged on the host
        File.CreateSymbolicLink(Path.Combine(workspace, "tools"), "/no-such-folder");

        var result = await vibedom.RunAsync("run", workspace, "--yes", "--", "./tools/x");

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("pre-flight", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("vibedom: ./tools/x: command not found", result.StandardError, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\[?<(?<name>[A-Z]+)>(\.\.\.)?\]?")]
    private static partial Regex ArgumentLabel();
}
