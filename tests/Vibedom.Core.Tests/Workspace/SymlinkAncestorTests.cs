using Microsoft.Extensions.Time.Testing;
using Vibedom.Core.Workspace;
using Vibedom.Core.Workspace.Apply;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

public sealed class SymlinkAncestorTests
{
    [Fact]
    public void Apply_never_writes_through_a_symlinked_folder_of_the_workspace()
    {
        using var temp = new TempDirectory();
        var workspace = temp.Combine("ws");
        var outside = temp.Combine("outside");
        Directory.CreateDirectory(workspace);
        Directory.CreateDirectory(outside);
        File.CreateSymbolicLink(Path.Combine(workspace, "vendor"), outside);
        var manifest = Manifest.Build(workspace, cancellationToken: TestContext.Current.CancellationToken);
        var change = new WorkspaceChange("vendor/evil.sh", ChangeKind.Added, null,
            new EntryState(EntryType.File, (UnixFileMode)0b111_101_101, 4, null, temp.Write("upper/evil.sh", "boom")));

        var outcome = new Applier(workspace, manifest, temp.Combine("applied"), new FakeTimeProvider()).Apply([change], TestContext.Current.CancellationToken);

        Assert.Equal("vendor is a symlink in the workspace: vibedom never writes through one", Assert.Single(outcome.Conflicts).Reason);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }
}
