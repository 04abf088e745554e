using Vibedom.Core.Workspace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

public sealed class ConflictDetectorTests
{
    private static WorkspaceChange Modified(string path) => new(path, ChangeKind.Modified, null, null);

    public sealed class Check
    {
        [Fact]
        public void Is_safe_when_the_file_is_as_it_was_at_start()
        {
            using var temp = new TempDirectory();
            temp.Write("a.txt", "one");
            var manifest = Manifest.Build(temp.Path, cancellationToken: TestContext.Current.CancellationToken);

            Assert.Null(ConflictDetector.Check(Modified("a.txt"), manifest, temp.Path));
        }

        [Fact]
        public void Conflicts_when_the_user_edited_the_file_meanwhile()
        {
            using var temp = new TempDirectory();
            temp.Write("a.txt", "one");
            var manifest = Manifest.Build(temp.Path, cancellationToken: TestContext.Current.CancellationToken);
            temp.Write("a.txt", "two");

            Assert.Equal("changed in the workspace after the session started", ConflictDetector.Check(Modified("a.txt"), manifest, temp.Path));
        }

        [Fact]
        public void Conflicts_when_a_big_file_kept_its_size_but_got_a_new_mtime()
        {
            using var temp = new TempDirectory();
            File.WriteAllBytes(temp.Combine("big.bin"), new byte[100_000]);
            var manifest = Manifest.Build(temp.Path, hashLimit: 1024, cancellationToken: TestContext.Current.CancellationToken);
            File.SetLastWriteTimeUtc(temp.Combine("big.bin"), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));

            Assert.NotNull(ConflictDetector.Check(Modified("big.bin"), manifest, temp.Path));
        }

        [Fact]
        public void Is_safe_when_a_small_file_was_only_touched()
        {
            using var temp = new TempDirectory();
            temp.Write("a.txt", "one");
            var manifest = Manifest.Build(temp.Path, cancellationToken: TestContext.Current.CancellationToken);
            File.Move(temp.Write("a.tmp", "one"), temp.Combine("a.txt"), overwrite: true);

            Assert.Null(ConflictDetector.Check(Modified("a.txt"), manifest, temp.Path));
        }

        [Fact]
        public void Conflicts_when_the_user_created_a_file_where_the_agent_created_one()
        {
            using var temp = new TempDirectory();
            var manifest = Manifest.Build(temp.Path, cancellationToken: TestContext.Current.CancellationToken);
            temp.Write("new.txt", "mine");

            Assert.Equal("created in the workspace after the session started", ConflictDetector.Check(new WorkspaceChange("new.txt", ChangeKind.Added, null, null), manifest, temp.Path));
        }

        [Fact]
        public void Conflicts_when_the_user_deleted_the_file_meanwhile()
        {
            using var temp = new TempDirectory();
            temp.Write("a.txt", "one");
            var manifest = Manifest.Build(temp.Path, cancellationToken: TestContext.Current.CancellationToken);
            File.Delete(temp.Combine("a.txt"));

            Assert.Equal("deleted from the workspace after the session started", ConflictDetector.Check(Modified("a.txt"), manifest, temp.Path));
        }
    }
}
