using System.Text.RegularExpressions;
using Vibedom.Testing;
using Vibedom.Testing.Terminal;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// The review cannot be fooled, through the real binary: an agent in a real sandbox writes a file whose name
/// and content carry terminal escape sequences (OSC 52 clipboard, clear screen, cursor moves, CR overwrite,
/// a bidi override) and a git hook; the diff, the logs and the apply prompt show them escaped, at a terminal
/// (with colour) and redirected, and neither [a]ll nor --yes applies the hook.
/// </summary>
public sealed partial class ReviewGuardTests
{
    private const string Agent =
        "n=$(printf 'evil\\033[2J\\033]52;c;ZXZpbA==\\007\\342\\200\\256.txt'); " +
        "printf 'ok\\rEVIL\\n\\033[1;1Hclean\\n' > \"$n\"; " +
        "mkdir -p .git/hooks && printf '#!/bin/sh\\nexit 0\\n' > .git/hooks/pre-commit && chmod 755 .git/hooks/pre-commit; " +
        ": '\u001b]0;title\u0007'";

    private const string EvilShown = "evil\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07\\u202e.txt";

    /// <summary>
    /// Output without vibedom's own colour codes, the keypad mode .NET's console sets at a terminal, and the
    /// terminal's CRLF: what is left must hold no control character.
    /// </summary>
    private static string Plain(string output) => Sgr().Replace(output.Replace("\r\n", "\n", StringComparison.Ordinal), string.Empty);

    private static void AssertNoRawControl(string output)
    {
        var raw = output.Where(c => (c < ' ' && c is not '\n' and not '\t') || c is >= '\u007f' and <= '\u009f' or '\u202e' or '\u2066').ToList();
        Assert.True(raw.Count == 0, $"raw control characters {string.Join(",", raw.Select(c => ((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)))} in:\n{output}");
    }

    [Fact]
    public async Task What_the_agent_wrote_is_printed_escaped_and_its_git_hook_needs_a_second_yes()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", Agent], input: null);
        Assert.True(run.ExitCode == 0, run.StandardError);

        var terminal = await vibedom.RunInTerminalAsync($"env -u NO_COLOR {VibedomBinary.Executable} diff");
        Assert.Contains("\u001b[1;31m!!!", terminal.StandardOutput, StringComparison.Ordinal);
        var redirected = await vibedom.RunAsync(["diff"], input: null, workingDirectory: workspace);
        foreach (var diff in new[] { Plain(terminal.StandardOutput), redirected.StandardOutput, redirected.StandardError })
        {
            AssertNoRawControl(diff);
        }

        Assert.Contains($"+++ b/{EvilShown}\n", redirected.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("+ok\\rEVIL\n+\\x1b[1;1Hclean\n", redirected.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("!!! .git/hooks/pre-commit runs code later: git hook", Plain(terminal.StandardOutput), StringComparison.Ordinal);

        var logs = await vibedom.RunAsync(["logs"], input: null, workingDirectory: workspace);
        AssertNoRawControl(logs.StandardOutput);
        Assert.Contains(": '\\x1b]0;title\\x07'", logs.StandardOutput, StringComparison.Ordinal);

        // [a]ll at a terminal, then Enter at the second question: everything but the hook. Each key is pressed once
        // its question is on the screen (tmux): keys typed before are dropped. `script` keeps the raw output.
        var raw = Path.Combine(vibedom.Root, "apply.typescript");
        string applied;
        await using (var tmux = await TmuxPane.StartAsync(vibedom, $"cd {workspace} && script -qefc 'env -u NO_COLOR {VibedomBinary.Executable} apply' {raw}; echo VIBEDOM-EXIT=$?"))
        {
            await tmux.WaitForAsync("[q]uit [d]iff:");
            await tmux.SendKeysAsync("a");
            await tmux.WaitForAsync("anything else skips them:");
            await tmux.SendKeyAsync("Enter");
            applied = await tmux.WaitForAsync("VIBEDOM-EXIT=");
        }

        var output = string.Join('\n', File.ReadAllText(raw).Split('\n').Where(l => !l.StartsWith("Script ", StringComparison.Ordinal)));
        Assert.True(applied.Contains("VIBEDOM-EXIT=0", StringComparison.Ordinal), applied);
        AssertNoRawControl(Plain(output));
        Assert.Contains("type 'yes' to apply them, anything else skips them", Plain(output), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace, ".git/hooks/pre-commit")));
        Assert.Single(Directory.EnumerateFiles(workspace, "evil*"));

        // --yes leaves the hook too, and says so
        var yes = await vibedom.RunAsync(["apply", "--yes"], input: null, workingDirectory: workspace);
        Assert.True(yes.ExitCode == 0, yes.StandardError);
        Assert.Contains("!!! not applied: 1 flagged change(s)", yes.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace, ".git/hooks/pre-commit")));

        var risky = await vibedom.RunAsync(["apply", "--yes", "--include-risky"], input: null, workingDirectory: workspace);
        Assert.True(risky.ExitCode == 0, risky.StandardError);
        Assert.True(File.Exists(Path.Combine(workspace, ".git/hooks/pre-commit")));
    }

    [GeneratedRegex("\u001b\\[[0-9;]*m|\u001b\\[\\?1[hl]|\u001b[=>]")]
    private static partial Regex Sgr();
}
