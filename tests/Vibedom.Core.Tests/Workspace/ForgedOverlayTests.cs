using Vibedom.Core.Processes;
using Vibedom.Core.Workspace;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

/// <summary>
/// Overlay metadata the agent forged, or that points outside the workspace, on real overlays and real files:
/// the reader never takes content from outside the lower layer, and lists what it refuses.
/// </summary>
public sealed class ForgedOverlayTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static async Task SetXattrAsync(string path, string name, string value) =>
        await ProcessRunner.Default.RunCheckedAsync(
            ProcessSpec.Of("python3", "-c", "import os,sys; os.setxattr(sys.argv[1], sys.argv[2], sys.argv[3].encode(), follow_symlinks=False)", path, name, value), Ct);

    private static (OverlayLayers Layers, string Secret) Layers()
    {
        OverlayLayers.RequireRootOverlay();
        Vibedom.Testing.Prerequisite.RequireCommand("python3");
        var layers = new OverlayLayers();
        var secret = layers.Combine("host-secret.txt");
        File.WriteAllText(secret, "HOST-SECRET\n");
        layers.WriteLower("a.txt", "a\n");
        return (layers, secret);
    }

    [Fact]
    public async Task User_overlay_attributes_the_agent_set_through_a_root_overlay_are_ordinary_attributes()
    {
        var (layers, _) = Layers();
        using var _1 = layers;
        await layers.ChangeAsync(
            "echo mine > steal && python3 -c \"import os; os.setxattr('steal','user.overlay.metacopy',b''); os.setxattr('steal','user.overlay.redirect',b'/../host-secret.txt'); " +
            "os.mkdir('dir'); os.setxattr('dir','user.overlay.redirect',b'/..'); open('env','w').write('e'); os.setxattr('env','user.overlay.metacopy',b''); os.setxattr('env','user.overlay.redirect',b'/../../../../../../../proc/self/environ')\"");

        var set = ChangeSet.Read(layers.Upper, layers.Lower, OverlayXattrs.Trusted, Ct);

        Assert.All(set.Changes, c => Assert.Null(c.Refused));
        Assert.Equal(["dir", "env", "steal"], set.Changes.Select(c => c.Path));
        Assert.All(set.Changes, c => Assert.StartsWith(layers.Upper, c.After!.ContentPath, StringComparison.Ordinal));
        Assert.Equal("mine\n", File.ReadAllText(set.Changes.Single(c => c.Path == "steal").After!.ContentPath));
    }

    [Fact]
    public async Task A_session_that_did_not_record_its_namespace_refuses_user_overlay_metadata()
    {
        var (layers, _) = Layers();
        using var _1 = layers;
        var upper = Path.Combine(layers.Upper, "steal");
        File.WriteAllText(upper, "mine\n");
        await SetXattrAsync(upper, "user.overlay.metacopy", string.Empty);
        await SetXattrAsync(upper, "user.overlay.redirect", "/../host-secret.txt");

        var change = Assert.Single(ChangeSet.Read(layers.Upper, layers.Lower, OverlayXattrs.Unknown, Ct).Changes);

        Assert.Contains("user.overlay.*", change.Refused, StringComparison.Ordinal);
        Assert.Equal(upper, change.After!.ContentPath);
    }

    [Theory]
    [InlineData("/../host-secret.txt", "leaves the workspace")]
    [InlineData("../host-secret.txt", "leaves the workspace")]
    [InlineData("/a.txt/../../host-secret.txt", "leaves the workspace")]
    [InlineData("//a.txt", "leaves the workspace")]
    [InlineData("/out/host-secret.txt", "through a symlink")]
    [InlineData("/secretlink", "symlink")]
    [InlineData("/fifo", "not a regular file")]
    [InlineData("/null", "not a regular file")]
    [InlineData("/missing", "names nothing")]
    public async Task A_metacopy_redirect_outside_the_workspace_or_to_a_non_file_is_refused(string redirect, string reason)
    {
        var (layers, secret) = Layers();
        using var _1 = layers;
        File.CreateSymbolicLink(Path.Combine(layers.Lower, "out"), Path.GetDirectoryName(secret)!);
        File.CreateSymbolicLink(Path.Combine(layers.Lower, "secretlink"), secret);
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("mkfifo", Path.Combine(layers.Lower, "fifo")), Ct);
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("mknod", Path.Combine(layers.Lower, "null"), "c", "1", "3"), Ct);
        var upper = Path.Combine(layers.Upper, "steal");
        File.WriteAllText(upper, "mine\n");
        await SetXattrAsync(upper, "trusted.overlay.metacopy", string.Empty);
        await SetXattrAsync(upper, "trusted.overlay.redirect", redirect);

        var set = ChangeSet.Read(layers.Upper, layers.Lower, OverlayXattrs.Trusted, Ct);

        var change = Assert.Single(set.Changes, c => c.Path == "steal");
        Assert.Contains(reason, change.Refused, StringComparison.Ordinal);
        Assert.Equal(upper, change.After!.ContentPath);
        Assert.DoesNotContain(set.Changes, c => c.After?.ContentPath is { } p && !p.StartsWith(layers.Lower, StringComparison.Ordinal) && !p.StartsWith(layers.Upper, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/out", "through a symlink")]
    [InlineData("/..", "leaves the workspace")]
    [InlineData("/a.txt", "not a directory")]
    public async Task A_directory_redirect_outside_the_workspace_is_refused_and_not_followed(string redirect, string reason)
    {
        var (layers, secret) = Layers();
        using var _1 = layers;
        File.CreateSymbolicLink(Path.Combine(layers.Lower, "out"), Path.GetDirectoryName(secret)!);
        var upper = Path.Combine(layers.Upper, "moved");
        Directory.CreateDirectory(upper);
        await SetXattrAsync(upper, "trusted.overlay.redirect", redirect);

        var set = ChangeSet.Read(layers.Upper, layers.Lower, OverlayXattrs.Trusted, Ct);

        var change = Assert.Single(set.Changes);
        Assert.Equal("moved", change.Path);
        Assert.Contains(reason, change.Refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metacopy_without_redirect_over_a_lower_symlink_is_refused()
    {
        var (layers, secret) = Layers();
        using var _1 = layers;
        File.CreateSymbolicLink(Path.Combine(layers.Lower, "link"), secret);
        var upper = Path.Combine(layers.Upper, "link");
        File.WriteAllText(upper, string.Empty);
        await SetXattrAsync(upper, "trusted.overlay.metacopy", string.Empty);

        var change = Assert.Single(ChangeSet.Read(layers.Upper, layers.Lower, OverlayXattrs.Trusted, Ct).Changes);

        Assert.Contains("not a regular file", change.Refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_is_not_utf8_is_listed_escaped_and_refused()
    {
        var (layers, _) = Layers();
        using var _1 = layers;
        await ProcessRunner.Default.RunCheckedAsync(
            ProcessSpec.Of("python3", "-c", "import os,sys; open(os.fsencode(sys.argv[1]) + b'/bad\\xff\\xfe.txt', 'w').write('x')", layers.Upper), Ct);

        var change = Assert.Single(ChangeSet.Read(layers.Upper, layers.Lower, OverlayXattrs.Trusted, Ct).Changes);

        Assert.Equal("bad\udcff\udcfe.txt", change.Path);
        Assert.Contains("not valid UTF-8", change.Refused, StringComparison.Ordinal);
        Assert.NotEqual("bad\\xff\\xfe.txt", change.Path); // never the same as the real name "bad\xff\xfe.txt"
    }
}
