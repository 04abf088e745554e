using Microsoft.Extensions.Time.Testing;
using Vibedom.Core.Workspace;
using Vibedom.Core.Workspace.Apply;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

public sealed class NoSpaceTests
{
    [Fact]
    public async Task Apply_leaves_the_workspace_file_as_it_was_when_the_disk_is_full()
    {
        using var temp = new TempDirectory();
        var workspace = temp.Combine("ws");
        var ct = TestContext.Current.CancellationToken;
        await using var disk = await TmpfsMount.MountAsync(workspace, "256k");
        File.WriteAllText(Path.Combine(workspace, "data.txt"), "the user's data\n");
        var manifest = Manifest.Build(workspace, cancellationToken: ct);
        var upper = temp.Combine("upper");
        Directory.CreateDirectory(upper);
        File.WriteAllBytes(Path.Combine(upper, "data.txt"), new byte[1024 * 1024]);
        var changes = ChangeSet.Read(upper, workspace, ct).Changes;

        var outcome = new Applier(workspace, manifest, temp.Combine("applied"), new FakeTimeProvider()).Apply(changes, ct);

        Assert.NotNull(outcome.Error);
        Assert.StartsWith("cannot apply data.txt: ", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', outcome.Error);
        Assert.EndsWith("; nothing was changed", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(outcome.Applied);
        Assert.Equal("the user's data\n", File.ReadAllText(Path.Combine(workspace, "data.txt")));
        Assert.Equal(["data.txt"], Directory.EnumerateFileSystemEntries(workspace).Select(Path.GetFileName));
    }
}
