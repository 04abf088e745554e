using Xunit;

namespace Vibedom.Cli.Tests;

public sealed class InitCommandTests
{
    [Fact]
    public async Task Init_fresh_home_creates_every_file_with_private_modes()
    {
        using var cli = new CliHarness();
        Directory.Delete(cli.HomePath);

        var result = await cli.RunAsync("init");

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(cli.Home.ConfigFile));
        Assert.Contains("api.anthropic.com", File.ReadAllText(cli.Home.TrustedDomainsFile), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.Home.DeployKey));
        var publicKey = File.ReadAllText(cli.Home.DeployKey + ".pub").Trim();
        Assert.StartsWith("ssh-ed25519 ", publicKey, StringComparison.Ordinal);
        Assert.EndsWith($" vibedom@{Environment.MachineName}", publicKey, StringComparison.Ordinal);
        Assert.Contains(publicKey, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_run_twice_changes_nothing_and_keeps_user_edits()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("init");
        File.WriteAllText(cli.Home.TrustedDomainsFile, "internal.example\n");
        var key = File.ReadAllBytes(cli.Home.DeployKey);

        var result = await cli.RunAsync("init");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("nothing changed", result.Output, StringComparison.Ordinal);
        Assert.Equal("internal.example\n", File.ReadAllText(cli.Home.TrustedDomainsFile));
        Assert.Equal(key, File.ReadAllBytes(cli.Home.DeployKey));
    }
}
