using Microsoft.Extensions.Time.Testing;
using Vibedom.Core.Workspace;
using Vibedom.Core.Workspace.Apply;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

/// <summary>A file the agent renamed (with mv, through a real overlay): one change, applied whole or not at all, and undone whole.</summary>
public sealed class RenameTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    private static async Task<(OverlayLayers Layers, Applier Applier, IReadOnlyList<WorkspaceChange> Changes)> RenamedAsync(Action<OverlayLayers>? userMeanwhile = null)
    {
        OverlayLayers.RequireRootOverlay();
        var layers = new OverlayLayers();
        layers.WriteLower("src/util.c", "void util() {}\n");
        layers.WriteLower("README", "readme\nsecond line\nthird line\n");
        layers.WriteLower("keep.txt", "keep\n");
        var manifest = Manifest.Build(layers.Lower, cancellationToken: TestContext.Current.CancellationToken);
        await layers.ChangeAsync("mv src/util.c src/helpers.c && mv README README.md && echo 'a fourth line' >> README.md && rm keep.txt && echo other > new.txt");
        userMeanwhile?.Invoke(layers);
        var changes = RenameDetector.Pair(ChangeSet.Read(layers.Upper, layers.Lower, TestContext.Current.CancellationToken).Changes);
        return (layers, new Applier(layers.Lower, manifest, layers.Combine("applied"), Time), changes);
    }

    [Fact]
    public async Task A_moved_file_pairs_with_its_deletion_by_content_and_an_edited_one_by_its_lines()
    {
        var (layers, _, changes) = await RenamedAsync();
        using var _ = layers;

        var helpers = changes.Single(c => c.Path == "src/helpers.c");
        Assert.Equal(("src/util.c", 100), (helpers.Rename!.Path, helpers.Rename.Similarity));
        Assert.Equal("src/helpers.c", changes.Single(c => c.Path == "src/util.c").RenamedTo);
        Assert.Equal("README", changes.Single(c => c.Path == "README.md").Rename!.Path);
        Assert.Null(changes.Single(c => c.Path == "new.txt").Rename);        // nothing like it was deleted
        Assert.Null(changes.Single(c => c.Path == "keep.txt").RenamedTo);
        Assert.Equal(["README.md", "keep.txt", "new.txt", "src/helpers.c"], ChangeSet.ListedOf(changes).Select(c => c.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Applying_a_rename_moves_the_file_and_undo_puts_it_back()
    {
        var (layers, applier, changes) = await RenamedAsync();
        using var _ = layers;

        var outcome = applier.Apply(changes, TestContext.Current.CancellationToken);

        Assert.Null(outcome.Error);
        Assert.Empty(outcome.Conflicts);
        Assert.False(File.Exists(Path.Combine(layers.Lower, "src/util.c")));
        Assert.Equal("void util() {}\n", File.ReadAllText(Path.Combine(layers.Lower, "src/helpers.c")));
        Assert.Equal(4, ChangeSet.ListedOf(outcome.Applied).Count);
        Assert.Equal(4, applier.Undo()!.Listed);                // counted as the apply counted them: a rename is one
        Assert.Equal("void util() {}\n", File.ReadAllText(Path.Combine(layers.Lower, "src/util.c")));
        Assert.False(File.Exists(Path.Combine(layers.Lower, "src/helpers.c")));
    }

    [Fact]
    public async Task Half_a_rename_is_never_applied_alone()
    {
        var (layers, applier, changes) = await RenamedAsync();
        using var _ = layers;

        var outcome = applier.Apply([changes.Single(c => c.Path == "src/util.c")], TestContext.Current.CancellationToken);

        Assert.Empty(outcome.Applied);
        Assert.Equal("renamed together with src/helpers.c, which is not applied: both stay as they are", Assert.Single(outcome.Conflicts).Reason);
        Assert.True(File.Exists(Path.Combine(layers.Lower, "src/util.c")));
    }

    [Fact]
    public async Task A_rename_of_a_file_you_changed_meanwhile_is_refused_whole()
    {
        var (layers, applier, changes) = await RenamedAsync(l => File.AppendAllText(Path.Combine(l.Lower, "src/util.c"), "/* yours */\n"));
        using var _ = layers;

        var outcome = applier.Apply(changes, TestContext.Current.CancellationToken);

        Assert.Contains(outcome.Conflicts, c => c.Change.Path == "src/util.c");
        Assert.Contains(outcome.Conflicts, c => c.Change.Path == "src/helpers.c" && c.Reason.StartsWith("renamed together with src/util.c", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(layers.Lower, "src/helpers.c")));
        Assert.Equal("void util() {}\n/* yours */\n", File.ReadAllText(Path.Combine(layers.Lower, "src/util.c")));
        Assert.True(File.Exists(Path.Combine(layers.Lower, "README.md")));  // the other rename is not held back
    }

    [Fact]
    public async Task A_rename_into_a_folder_that_replaced_a_file_you_did_not_choose_is_never_only_a_deletion()
    {
        OverlayLayers.RequireRootOverlay();
        using var layers = new OverlayLayers();
        layers.WriteLower("notes", "a file, then the agent's folder\n");
        layers.WriteLower("todo.txt", "your list\n");
        var manifest = Manifest.Build(layers.Lower, cancellationToken: TestContext.Current.CancellationToken);
        await layers.ChangeAsync("rm notes && mkdir notes && mv todo.txt notes/todo.txt");
        var changes = RenameDetector.Pair(ChangeSet.Read(layers.Upper, layers.Lower, TestContext.Current.CancellationToken).Changes);
        var applier = new Applier(layers.Lower, manifest, layers.Combine("applied"), Time);

        // the rename chosen, the file `notes` turned into a folder not: the new path cannot be written
        var outcome = applier.Apply(changes.Where(c => c.Path != "notes").ToList(), TestContext.Current.CancellationToken);

        Assert.Equal("your list\n", File.ReadAllText(Path.Combine(layers.Lower, "todo.txt")));
        Assert.Empty(outcome.Applied);
        Assert.Contains(outcome.Conflicts, c => c.Change.Path == "todo.txt" && c.Reason.StartsWith("renamed together with notes/todo.txt", StringComparison.Ordinal));
    }
}
