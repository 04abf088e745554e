using Vibedom.Testing;
using Xunit;

namespace Vibedom.Cli.Tests;

public sealed class TopLevelTests
{
    [Fact]
    public async Task Unknown_verb_prints_one_line_and_exits_2()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("vibedom: Unrecognized command or argument 'frobnicate'. (see 'vibedom --help')\n", result.Error);
    }

    [Fact]
    public async Task Help_lists_every_verb()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Golden.Verify("help.txt", result.Output);
    }
}
