using Vibedom.Core.Workspace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

/// <summary>The start content kept beside the manifest: what a conflict's base is read from after the user edited the file.</summary>
public sealed class StartStoreTests
{
    [Fact]
    public void Keeps_each_small_text_file_as_it_was_when_the_manifest_was_taken()
    {
        using var temp = new TempDirectory();
        var workspace = temp.Combine("ws");
        temp.Write("ws/a.txt", "\uFEFFalpha\nbeta\n");
        temp.Write("ws/dir/b.txt", "\uFEFFalpha\nbeta\n"); // the same content: kept once
        temp.Write("ws/c.txt", "gamma\n");
        File.WriteAllBytes(temp.Combine("ws/logo.bin"), [1, 0, 2, 0]);
        var file = temp.Combine("start");

        Manifest manifest;
        using (var keep = StartStore.Create(file))
        {
            manifest = Manifest.Build(workspace, cancellationToken: TestContext.Current.CancellationToken, keep: keep);
        }

        File.WriteAllText(Path.Combine(workspace, "a.txt"), "the user's edit\n");
        var index = StartStore.ReadIndex(file);
        Assert.Equal(2, index.Count);
        Assert.Equal("alpha\nbeta\n", StartStore.TryRead(file, index, manifest.Find("a.txt")!.Hash!));
        Assert.Equal("gamma\n", StartStore.TryRead(file, index, manifest.Find("c.txt")!.Hash!));
        Assert.Null(StartStore.TryRead(file, index, manifest.Find("logo.bin")!.Hash!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public void A_damaged_or_cut_store_gives_no_base_rather_than_a_wrong_one()
    {
        using var temp = new TempDirectory();
        temp.Write("ws/a.txt", "alpha\n");
        temp.Write("ws/b.txt", "beta\n");
        var file = temp.Combine("start");
        Manifest manifest;
        using (var keep = StartStore.Create(file))
        {
            manifest = Manifest.Build(temp.Combine("ws"), cancellationToken: TestContext.Current.CancellationToken, keep: keep);
        }

        var bytes = File.ReadAllBytes(file);
        var first = StartStore.ReadIndex(file).Values.MinBy(v => v.Offset);
        bytes[first.Offset + first.Compressed - 1] ^= 0x5a; // the first record's content, flipped
        File.WriteAllBytes(file, bytes[..^3]);             // and the last one cut short by a crash

        var index = StartStore.ReadIndex(file);
        Assert.Single(index);
        Assert.Null(StartStore.TryRead(file, index, index.Keys.Single()));
        Assert.Empty(StartStore.ReadIndex(temp.Combine("absent")));
        Assert.NotNull(manifest.Find("b.txt")!.Hash);
    }

    [Fact]
    public void Keeps_no_copy_of_a_file_the_pre_flight_flagged()
    {
        using var temp = new TempDirectory();
        temp.Write("ws/.env", "TOKEN=" + TestSecrets.GitHubPat + "\n");
        temp.Write("ws/app.js", "console.log(1);\n");
        var file = temp.Combine("start");

        Manifest manifest;
        using (var keep = StartStore.Create(file, new HashSet<string>([".env"])))
        {
            manifest = Manifest.Build(temp.Combine("ws"), cancellationToken: TestContext.Current.CancellationToken, keep: keep);
        }

        var index = StartStore.ReadIndex(file);
        Assert.Null(StartStore.TryRead(file, index, manifest.Find(".env")!.Hash!));
        Assert.NotNull(StartStore.TryRead(file, index, manifest.Find("app.js")!.Hash!));
        Assert.NotNull(manifest.Find(".env")!.Hash); // conflict detection still knows it
    }
}
