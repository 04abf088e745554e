using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox.Commands;
using Vibedom.Testing.Host;
using Xunit;

namespace Vibedom.Core.Tests.Sandbox.Commands;

public sealed class CommandPresenceTests
{
    private const string Workspace = "/home/alice/proj";

    private static readonly string[] Mounts = ["/home/alice", "/tmp", "/var/tmp", "/run"];

    private static FakeHostFiles Tree() => new FakeHostFiles()
        .Executable("/usr/bin/python3")
        .Executable(Workspace + "/build.sh")
        .Link(Workspace + "/tools", "/opt/tools")
        .Directory(Workspace + "/bin");

    private static void Require(string command, FakeHostFiles files, string workspace = Workspace, string[]? mounts = null) =>
        CommandPresence.Require(command, CommandPlan.None, workspace, mounts ?? Mounts, files);

    [Theory]
    [InlineData("./nothere", Workspace + "/nothere")]
    [InlineData("bin/nothere", Workspace + "/bin/nothere")]
    [InlineData("nodir/x", Workspace + "/nodir")]
    [InlineData(Workspace + "/nothere", Workspace + "/nothere")]
    [InlineData("/usr/bin/nothere", "/usr/bin/nothere")]
    public void A_path_the_sandbox_starts_without_is_exit_127_naming_the_first_missing_part(string command, string missing)
    {
        var e = Assert.Throws<VibedomException>(() => Require(command, Tree()));

        Assert.Equal(ExitCodes.CommandNotFound, e.ExitCode);
        Assert.StartsWith($"{command}: command not found ({missing} does not exist", e.Message, StringComparison.Ordinal);
        Assert.Equal(!command.StartsWith('/'), e.Message.EndsWith($"; the command starts in the workspace, {Workspace})", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("./build.sh")]
    [InlineData(Workspace + "/build.sh")]
    [InlineData("/usr/bin/python3")]
    [InlineData("./tools/x")] // through a link: resolved inside, against the sandbox's tree
    [InlineData("../other/x")] // outside the workspace
    [InlineData("bin/../nothere")]
    [InlineData("/opt/nothere/x")] // not a folder the sandbox shows as the host has it
    public void A_path_that_is_there_or_cannot_be_told_from_the_host_is_left_to_the_sandbox(string command) =>
        Require(command, Tree());

    [Fact]
    public void No_path_is_judged_in_a_workspace_that_holds_another_mount_of_the_sandbox()
    {
        // Given the workspace is the home folder: inside, the sandbox's home and agent state are mounted over parts of it
        Require("./.claude/local/claude", Tree(), workspace: "/home/alice");
        Require("./nothere", Tree(), workspace: "/home/alice/proj", mounts: ["/home/alice/proj/.config/tool"]);
    }
}
