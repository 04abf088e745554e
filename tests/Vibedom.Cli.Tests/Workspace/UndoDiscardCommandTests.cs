using System.Security.Cryptography;
using Vibedom.Core.Sessions;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Cli.Tests.Workspace;

public sealed class UndoDiscardCommandTests
{
    private static string Snapshot(string root) => string.Join("\n", Directory
        .EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        .Order(StringComparer.Ordinal)
        .Select(p => new FileInfo(p) is { LinkTarget: { } target } ? $"{p} -> {target}"
            : Directory.Exists(p) ? $"{p}/ {File.GetUnixFileMode(p)}"
            : $"{p} {File.GetUnixFileMode(p)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p)))}"));

    [Fact]
    public async Task Undo_restores_the_workspace_byte_for_byte()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var before = Snapshot(fixture.Workspace);
        var apply = await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes", "--include-risky");
        Assert.Equal(0, apply.ExitCode);

        var run = await fixture.RunAsync(null, "undo", fixture.Session.Id);

        // counted as the apply counted them
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("applied 8 change(s)", apply.Output, StringComparison.Ordinal);
        Assert.Equal($"undid apply 1 of session {fixture.Session.Id}: 8 change(s) reverted\n", run.Output);
        Assert.Equal(before, Snapshot(fixture.Workspace));
        Assert.Contains(" A src/new.c", (await fixture.RunAsync(null, "diff", fixture.Session.Id, "--stat")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undo_with_nothing_applied_says_so_in_one_line_and_succeeds()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync(null, "undo", fixture.Session.Id);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"nothing to undo: no apply of session {fixture.Session.Id} is in effect (its changes: vibedom diff {fixture.Session.Id})\n", run.Output);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public async Task Undo_twice_says_nothing_is_left_to_undo_the_second_time()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        Assert.Equal(0, (await fixture.RunAsync(null, "apply", fixture.Session.Id, "--yes", "--include-risky")).ExitCode);
        Assert.Equal(0, (await fixture.RunAsync(null, "undo", fixture.Session.Id)).ExitCode);

        var again = await fixture.RunAsync(null, "undo", fixture.Session.Id);

        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("nothing to undo: ", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discard_yes_drops_the_changes_and_leaves_the_workspace_alone()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var before = Snapshot(fixture.Workspace);

        var run = await fixture.RunAsync(null, "discard", fixture.Session.Id, "--yes");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"discarded 8 change(s) of session {fixture.Session.Id}\n", run.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(fixture.Upper));
        Assert.Equal(before, Snapshot(fixture.Workspace));
        Assert.Equal(SessionState.Discarded, fixture.Reopened().Record.State);
    }

    [Fact]
    public async Task Discard_keeps_everything_when_the_user_says_no()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync("n\n", "discard", fixture.Session.Id);

        Assert.Equal(5, run.ExitCode);
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(fixture.Upper));
    }

    [Fact]
    public async Task Discard_refuses_without_a_terminal_or_yes()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var run = await fixture.RunAsync(null, "discard", fixture.Session.Id);

        Assert.Equal(2, run.ExitCode);
        Golden.Verify("error-discard-needs-yes.txt", run.Error);
    }
}
