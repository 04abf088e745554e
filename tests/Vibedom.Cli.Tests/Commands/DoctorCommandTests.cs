using Xunit;

namespace Vibedom.Cli.Tests.Commands;

public sealed class DoctorCommandTests
{
    [Fact]
    public async Task Doctor_into_a_pipe_prints_one_plain_line_per_check_with_its_fix()
    {
        // redirected output has no width (CliContext gives it 100,000 columns): a table would pad every row
        using var cli = new CliHarness(width: 100_000);

        var result = await cli.RunAsync("doctor");

        var lines = result.Output.TrimEnd('\n').Split('\n');
        Assert.Equal($"FAIL  vibedom home: {cli.HomePath} is not initialised; fix: vibedom init", lines[0]);
        Assert.All(lines[..^1], line => Assert.Matches("^(ok  |FAIL)  [^ ]", line));
        Assert.All(lines, line => Assert.False(line.Length > 400 || line.EndsWith(' '), $"padded: [{line}]"));
        Assert.Matches(@"^\d+ problem\(s\): run the fixes above", lines[^1]);
        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public async Task Doctor_lists_every_error_of_config_toml_as_run_does_not_only_the_first()
    {
        using var cli = new CliHarness(width: 100_000);
        Assert.Equal(0, (await cli.RunAsync("init")).ExitCode);
        var config = Path.Combine(cli.HomePath, "config.toml");
        var text = File.ReadAllText(config);
        File.WriteAllText(config, text.Replace("[run]\n", "[run]\ncommand = 5\nbogus_key = true\n", StringComparison.Ordinal)
            .Replace("[dlp]\n", "[dlp]\nsecrets = \"maybe\"\n", StringComparison.Ordinal));

        var result = await cli.RunAsync("doctor");

        var failed = result.Output.Split('\n').Where(l => l.StartsWith("FAIL  config.toml: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, failed.Count);
        Assert.Contains(failed, l => l.Contains("run.command: expected an array of strings, e.g. command = [\"...\"]; fix: edit the file at that line", StringComparison.Ordinal));
        Assert.Contains(failed, l => l.Contains("unknown key 'run.bogus_key'", StringComparison.Ordinal));
        Assert.Contains(failed, l => l.Contains("dlp.secrets: 'maybe' is not one of", StringComparison.Ordinal));
        Assert.Equal(3, result.ExitCode);
    }
}
