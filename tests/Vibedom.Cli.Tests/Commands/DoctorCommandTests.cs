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
}
