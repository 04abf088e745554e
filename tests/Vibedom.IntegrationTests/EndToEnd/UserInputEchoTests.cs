using System.Text.Json.Nodes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// What the user typed (or a script passed, or was pasted) comes back escaped and on one line wherever a command
/// echoes it: a PATH that selects nothing, a session name several sessions share, a session name in stop's lines. A
/// name with an escape sequence and a newline never reaches the terminal as one.
/// </summary>
public sealed class UserInputEchoTests
{
    private const string Typed = "a\u001b[31mb\nc";
    private const string Shown = "a\\x1b[31mb\\nc";

    [Fact]
    public async Task A_path_or_session_name_with_an_escape_sequence_and_a_newline_is_echoed_escaped_on_one_line()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("a.txt", "a\n"));
        foreach (var _ in new[] { 1, 2 })
        {
            var run = await vibedom.RunAsync(["run", workspace, "--name", Typed, "--yes", "--", "sh", "-c", "echo b > a.txt"], input: null);
            Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        }

        var apply = await vibedom.RunAsync(["apply", "--yes", "./" + Typed], input: null, workingDirectory: workspace);
        var diff = await vibedom.RunAsync(["diff", "--stat", Typed], input: null, workingDirectory: workspace);
        var newest = Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*").Order(StringComparer.Ordinal).Last();
        var record = Path.Combine(newest, "session.json");
        var json = JsonNode.Parse(File.ReadAllText(record))!;
        json["state"] = "Cancelled"; // as a session that failed to start is left
        File.WriteAllText(record, json.ToJsonString());
        var stop = await vibedom.RunAsync(["stop", Path.GetFileName(newest)], input: null, workingDirectory: workspace);

        Assert.Equal(2, apply.ExitCode);
        Assert.StartsWith($"vibedom: '{Shown}' is neither a change", OneLine(apply.StandardError), StringComparison.Ordinal);
        Assert.True(diff.ExitCode == 0, diff.StandardError);
        Assert.StartsWith($"vibedom: 2 sessions are named '{Shown}'; using the newest", OneLine(diff.StandardError), StringComparison.Ordinal);
        Assert.True(stop.ExitCode == 0, stop.StandardError);
        Assert.Contains($"({Shown}) never ran", stop.StandardOutput, StringComparison.Ordinal);
        foreach (var output in new[] { apply.StandardOutput, apply.StandardError, diff.StandardError, stop.StandardOutput, stop.StandardError })
        {
            Assert.DoesNotContain('\u001b', output);
        }
    }

    /// <summary>The one line of <paramref name="stderr"/> (it must have no other).</summary>
    private static string OneLine(string stderr) => Assert.Single(stderr.TrimEnd('\n').Split('\n'));
}
