using Xunit;
using Vibedom.Core.Processes;
using Vibedom.Core.Workspace;

namespace Vibedom.Core.Tests.Workspace;

public sealed class ChangeSetTests
{
    private static string Describe(ChangeSet set) =>
        string.Join("\n", set.Changes.Select(c => $"{c.Kind} {c.Type} {c.Path}{(c.ModeChanged ? " mode" : string.Empty)}{(c.ContentChanged ? " content" : string.Empty)}{(c.Note is null ? string.Empty : " (" + c.Note + ")")}"));

    private static async Task<ChangeSet> RunAsync(OverlayLayers layers, string script, bool rootless = false, string options = "")
    {
        await layers.ChangeAsync(script, rootless, options);
        return ChangeSet.Read(layers.Upper, layers.Lower, TestContext.Current.CancellationToken);
    }

    public sealed class Read
    {
        [Fact]
        public async Task Reports_added_modified_and_deleted_files_when_written_through_a_root_overlay()
        {
            OverlayLayers.RequireRootOverlay();
            using var layers = new OverlayLayers();
            layers.WriteLower("keep.txt", "keep\n");
            layers.WriteLower("edit.txt", "one\n");
            layers.WriteLower("gone.txt", "bye\n");

            var set = await RunAsync(layers, "echo two >> edit.txt && rm gone.txt && mkdir -p new/deep && echo hi > new/deep/file.txt && touch keep.txt");

            Assert.Equal(
                """
                Modified File edit.txt content
                Deleted File gone.txt
                Added Directory new
                Added Directory new/deep
                Added File new/deep/file.txt
                """.ReplaceLineEndings("\n"),
                Describe(set));
            var whiteout = FileStat.Of(Path.Combine(layers.Upper, "gone.txt"));
            Assert.True(whiteout?.IsWhiteoutDevice);
            Assert.Equal("one\n", File.ReadAllText(Path.Combine(layers.Lower, "edit.txt")));
        }

        [Fact]
        public async Task Deletes_everything_below_when_a_directory_was_removed_and_recreated()
        {
            OverlayLayers.RequireRootOverlay();
            using var layers = new OverlayLayers();
            layers.WriteLower("d/x.txt", "x\n");
            layers.WriteLower("d/sub/y.txt", "y\n");
            layers.WriteLower("d/same.txt", "same\n");

            var set = await RunAsync(layers, "rm -rf d && mkdir d && echo z > d/z.txt && echo same > d/same.txt");

            Assert.Equal("y", OverlayAttributesProbe.Opaque(Path.Combine(layers.Upper, "d")));
            Assert.Equal(
                """
                Deleted File d/sub/y.txt
                Deleted Directory d/sub
                Deleted File d/x.txt
                Added File d/z.txt
                """.ReplaceLineEndings("\n"),
                Describe(set));
        }

        [Fact]
        public async Task Reports_a_mode_change_alone_when_a_file_was_only_chmodded()
        {
            OverlayLayers.RequireRootOverlay();
            using var layers = new OverlayLayers();
            layers.WriteLower("run.sh", "echo hi\n");

            var set = await RunAsync(layers, "chmod 755 run.sh");

            var change = Assert.Single(set.Changes);
            Assert.Equal(ChangeKind.Modified, change.Kind);
            Assert.True(change.ModeChanged);
            Assert.False(change.ContentChanged);
            Assert.Equal((UnixFileMode)0b111_101_101, change.After!.Mode);
        }

        [Fact]
        public async Task Reads_content_from_the_lower_layer_when_metacopy_copied_up_metadata_only()
        {
            OverlayLayers.RequireRootOverlay();
            using var layers = new OverlayLayers();
            layers.WriteLower("big.bin", new string('b', 100_000));

            var set = await RunAsync(layers, "chmod 700 big.bin", options: "redirect_dir=on,metacopy=on,");

            var change = Assert.Single(set.Changes);
            Assert.Equal("Modified File big.bin mode (metadata only)", Describe(set));
            Assert.Equal(100_000, change.After!.Size);
            Assert.Equal(Path.Combine(layers.Lower, "big.bin"), change.After.ContentPath);
        }

        [Fact]
        public async Task Reports_symlinks_by_target_when_created_or_retargeted()
        {
            OverlayLayers.RequireRootOverlay();
            using var layers = new OverlayLayers();
            layers.WriteLower("a.txt", "a\n");
            File.CreateSymbolicLink(Path.Combine(layers.Lower, "link"), "a.txt");

            var set = await RunAsync(layers, "ln -s a.txt newlink && ln -sfn missing link");

            Assert.Equal("Modified Symlink link content\nAdded Symlink newlink", Describe(set));
            Assert.Equal("missing", set.Changes[0].After!.LinkTarget);
            Assert.Equal("a.txt", set.Changes[0].Before!.LinkTarget);
        }

        [Fact]
        public async Task Shows_a_renamed_directory_as_deleted_and_added_when_redirect_dir_is_off()
        {
            OverlayLayers.RequireRootOverlay();
            using var layers = new OverlayLayers();
            layers.WriteLower("old/a.txt", "a\n");

            var set = await RunAsync(layers, "mv old new");

            Assert.Equal("Added Directory new\nAdded File new/a.txt\nDeleted File old/a.txt\nDeleted Directory old", Describe(set));
        }

        [Fact]
        public async Task Takes_content_from_the_origin_when_a_directory_was_renamed_with_redirect_dir()
        {
            OverlayLayers.RequireRootOverlay();
            using var layers = new OverlayLayers();
            layers.WriteLower("old/a.txt", "a\n");
            layers.WriteLower("old/sub/b.txt", "b\n");

            var set = await RunAsync(layers, "mv old new && echo c > new/c.txt", options: "redirect_dir=on,");

            Assert.NotNull(OverlayAttributesProbe.Redirect(Path.Combine(layers.Upper, "new")));
            Assert.Equal(
                """
                Added Directory new (renamed from old)
                Added File new/a.txt
                Added File new/c.txt
                Added Directory new/sub
                Added File new/sub/b.txt
                Deleted File old/a.txt
                Deleted File old/sub/b.txt
                Deleted Directory old/sub
                Deleted Directory old
                """.ReplaceLineEndings("\n"),
                Describe(set));
            var moved = set.Changes.Single(c => c.Path == "new/sub/b.txt");
            Assert.Equal("b\n", File.ReadAllText(moved.After!.ContentPath));
        }

        [Fact]
        public async Task Treats_a_file_marked_with_the_whiteout_xattr_as_deleted()
        {
            OverlayLayers.RequireRootOverlay();
            Vibedom.Testing.Prerequisite.RequireCommand("python3");
            using var layers = new OverlayLayers();
            layers.WriteLower("gone.txt", "bye\n");
            var marker = Path.Combine(layers.Upper, "gone.txt");
            File.WriteAllText(marker, string.Empty);
            await ProcessRunner.Default.RunCheckedAsync(
                ProcessSpec.Of("python3", "-c", "import os,sys; os.setxattr(sys.argv[1], 'trusted.overlay.whiteout', b'')", marker),
                TestContext.Current.CancellationToken);

            var set = ChangeSet.Read(layers.Upper, layers.Lower, TestContext.Current.CancellationToken);

            Assert.Equal("Deleted File gone.txt", Describe(set));
        }

        [Fact]
        public async Task Reads_user_xattrs_when_the_overlay_was_mounted_rootless()
        {
            OverlayLayers.RequireRootOverlay();
            using var layers = new OverlayLayers();
            layers.WriteLower("d/x.txt", "x\n");
            layers.WriteLower("gone.txt", "bye\n");

            await layers.ChangeAsync("rm gone.txt && rm -rf d && mkdir d && echo y > d/y.txt", rootless: true);
            var set = ChangeSet.Read(layers.Upper, layers.Lower, OverlayXattrs.User, TestContext.Current.CancellationToken);

            Assert.Equal("y", OverlayAttributesProbe.Opaque(Path.Combine(layers.Upper, "d"), "user"));
            Assert.Equal("Deleted File d/x.txt\nAdded File d/y.txt\nDeleted File gone.txt", Describe(set));
        }

        [Fact]
        public async Task Replaces_a_file_by_a_directory_when_the_agent_changed_its_type()
        {
            OverlayLayers.RequireRootOverlay();
            using var layers = new OverlayLayers();
            layers.WriteLower("thing", "file\n");
            layers.WriteLower("dir/inner.txt", "inner\n");

            var set = await RunAsync(layers, "rm thing && mkdir thing && echo in > thing/in.txt && rm -rf dir && echo now-a-file > dir");

            Assert.Equal(
                """
                Deleted File dir/inner.txt
                Deleted Directory dir
                Added File dir
                Deleted File thing
                Added Directory thing (directory replaced)
                Added File thing/in.txt
                """.ReplaceLineEndings("\n"),
                Describe(set));
        }

        [Fact]
        public void Is_empty_when_the_upper_dir_does_not_exist()
        {
            using var temp = new Vibedom.Testing.TempDirectory();
            Assert.Empty(ChangeSet.Read(temp.Combine("nope"), temp.Path, TestContext.Current.CancellationToken).Changes);
        }
    }
}
