using Xunit;

namespace Vibedom.Cli.Tests.Ssh;

/// <summary><c>vibedom key</c> in-process against a real temp home and the real ssh-keygen.</summary>
public sealed class KeyCommandTests
{
    [Fact]
    public async Task Key_prints_the_public_key_and_where_to_add_it()
    {
        using var cli = new CliHarness();
        Assert.Equal(0, (await cli.RunAsync("init")).ExitCode);

        var key = await cli.RunAsync("key");

        Assert.Equal(0, key.ExitCode);
        Assert.Contains(File.ReadAllText(cli.Home.DeployKey + ".pub").Trim(), key.Output, StringComparison.Ordinal);
        Assert.Contains("Deploy keys", key.Output, StringComparison.Ordinal);
        Assert.Contains("SHA256:", key.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_keeps_the_old_key_until_confirmed_and_refuses_a_second_rotation_meanwhile()
    {
        using var cli = new CliHarness();
        Assert.Equal(0, (await cli.RunAsync("init")).ExitCode);
        var oldPrivate = File.ReadAllText(cli.Home.DeployKey);

        var rotated = await cli.RunAsync("key", "--rotate");
        var again = await cli.RunAsync("key", "--rotate");

        Assert.Equal(0, rotated.ExitCode);
        Assert.Equal(oldPrivate, File.ReadAllText(cli.Home.DeployKey + ".old"));
        Assert.NotEqual(oldPrivate, File.ReadAllText(cli.Home.DeployKey));
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("vibedom: a rotated key is still kept", again.Error, StringComparison.Ordinal);
        Assert.Single(again.Error.Trim().Split('\n'));
        Assert.Equal(oldPrivate, File.ReadAllText(cli.Home.DeployKey + ".old"));

        var confirmed = await cli.RunAsync("key", "--confirm");

        Assert.Equal(0, confirmed.ExitCode);
        Assert.False(File.Exists(cli.Home.DeployKey + ".old"));
        Assert.False(File.Exists(cli.Home.DeployKey + ".old.pub"));
    }

    [Fact]
    public async Task A_missing_deploy_key_is_one_line_naming_init_with_exit_2()
    {
        using var cli = new CliHarness();

        var key = await cli.RunAsync("key");

        Assert.Equal(2, key.ExitCode);
        Assert.Equal($"vibedom: the deploy key {cli.Home.DeployKey} is missing; run 'vibedom init' to create it", key.Error.Trim());
    }

    [Fact]
    public async Task Known_hosts_add_refuses_a_name_that_is_not_a_host_in_one_line()
    {
        using var cli = new CliHarness();

        var added = await cli.RunAsync("known-hosts", "add", "-oProxyCommand=x");

        Assert.Equal(2, added.ExitCode);
        Assert.Single(added.Error.Trim().Split('\n'));
        Assert.StartsWith("vibedom: ", added.Error, StringComparison.Ordinal);
    }
}
