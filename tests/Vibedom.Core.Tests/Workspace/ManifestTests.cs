using Vibedom.Core.Workspace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

public sealed class ManifestTests
{
    public sealed class Build
    {
        [Fact]
        public void Records_every_path_with_stat_and_small_file_hashes()
        {
            using var temp = new TempDirectory();
            temp.Write("a.txt", "alpha");
            temp.Write("dir/b.txt", "beta");
            File.CreateSymbolicLink(temp.Combine("link"), "a.txt");
            File.WriteAllBytes(temp.Combine("big.bin"), new byte[200_000]);

            var manifest = Manifest.Build(temp.Path, cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(["a.txt", "big.bin", "dir", "dir/b.txt", "link"], manifest.Entries.Select(e => e.Path).Order(StringComparer.Ordinal));
            var a = manifest.Find("a.txt")!;
            Assert.Equal(EntryType.File, a.Type);
            Assert.Equal(5, a.Size);
            Assert.Equal(ContentHash.Of(temp.Combine("a.txt")), a.Hash);
            Assert.Null(manifest.Find("big.bin")!.Hash);
            Assert.Equal(EntryType.Symlink, manifest.Find("link")!.Type);
            Assert.Equal(EntryType.Directory, manifest.Find("dir")!.Type);
            Assert.True(manifest.Find("dir/b.txt")!.Matches(FileStat.Of(temp.Combine("dir/b.txt"))!.Value));
        }
    }

    public sealed class WriteAndRead
    {
        [Fact]
        public void Round_trips_when_paths_hold_spaces_tabs_newlines_and_backslashes()
        {
            using var temp = new TempDirectory();
            var workspace = temp.Combine("ws");
            Directory.CreateDirectory(workspace);
            File.WriteAllText(Path.Combine(workspace, "with space.txt"), "1");
            File.WriteAllText(Path.Combine(workspace, "tab\there\nnewline\\slash"), "2");
            var manifest = Manifest.Build(workspace, cancellationToken: TestContext.Current.CancellationToken);

            manifest.Write(temp.Combine("manifest"));
            var read = Manifest.Read(temp.Combine("manifest"))!;

            Assert.Equal(manifest.Root, read.Root);
            Assert.Equal(manifest.Entries.OrderBy(e => e.Path, StringComparer.Ordinal), read.Entries.OrderBy(e => e.Path, StringComparer.Ordinal));
        }

        [Fact]
        public void Returns_null_when_there_is_no_manifest()
        {
            using var temp = new TempDirectory();
            Assert.Null(Manifest.Read(temp.Combine("manifest")));
        }
    }
}
