using Vibedom.Core.Workspace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

/// <summary>An ordinary user's agent cannot change what another user or group owns: said before the start, with the fix.</summary>
public sealed class ForeignOwnersTests
{
    [Fact]
    public void Paths_of_another_owner_or_group_are_counted_and_the_first_named_with_the_fix()
    {
        Prerequisite.Require(Prerequisite.IsRoot, "giving files other owners needs root");
        using var temp = new TempDirectory();
        var ws = temp.Combine("ws");
        temp.Write("ws/src/app.js", "1\n");
        temp.Write("ws/README", "r\n");
        Chown(ws, 4242, 4242);
        Chown(temp.Combine("ws/src"), 4242, 4242);
        Chown(temp.Combine("ws/src/app.js"), 4242, 0); // the user's, but group root: a copy-up cannot map it
        Chown(temp.Combine("ws/README"), 4242, 4242);

        var line = ForeignOwners.Find(ws, 4242, 4242, TestContext.Current.CancellationToken);

        Assert.Equal("1 workspace path(s) belong to another user or group than yours (first: src/app.js, owner 4242:0, you 4242:4242): the agent cannot change them or create files in such folders ('Value too large for defined data type'); to let it, chown -R 4242:4242 the workspace", line);
        Chown(temp.Combine("ws/src/app.js"), 4242, 4242);
        Assert.Null(ForeignOwners.Find(ws, 4242, 4242, TestContext.Current.CancellationToken));
        Assert.Null(ForeignOwners.Check(ws, TestContext.Current.CancellationToken)); // root maps every owner: nothing to say
    }

    private static void Chown(string path, int uid, int gid) =>
        Assert.True(Vibedom.Core.Processes.ProcessRunner.Default.RunAsync(new("chown", [$"{uid}:{gid}", path])).GetAwaiter().GetResult().Succeeded);
}
