using Microsoft.Extensions.Time.Testing;
using Vibedom.Core.Workspace;
using Vibedom.Core.Workspace.Apply;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

public sealed class ApplierTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A session's worth of layers: manifest taken, then the agent works through a real overlay.</summary>
    private static async Task<(Applier Applier, ChangeSet Changes)> SessionAsync(OverlayLayers layers, string agentScript, Action? userMeanwhile = null)
    {
        var manifest = Manifest.Build(layers.Lower, cancellationToken: TestContext.Current.CancellationToken);
        await layers.ChangeAsync(agentScript);
        userMeanwhile?.Invoke();
        return (new Applier(layers.Lower, manifest, layers.Combine("applied"), Time), ChangeSet.Read(layers.Upper, layers.Lower, TestContext.Current.CancellationToken));
    }

    private static OverlayLayers Workspace()
    {
        OverlayLayers.RequireRootOverlay();
        var layers = new OverlayLayers();
        layers.WriteLower("src/main.c", "int main() { return 0; }\n");
        layers.WriteLower("src/util.c", "void util() {}\n");
        layers.WriteLower("old/a.txt", "a\n");
        layers.WriteLower("old/b/c.txt", "c\n");
        layers.WriteLower("README", "readme\n");
        layers.WriteLower("run.sh", "#!/bin/sh\n");
        File.CreateSymbolicLink(Path.Combine(layers.Lower, "current"), "src");
        return layers;
    }

    private const string AgentScript =
        "echo 'int main() { return 1; }' > src/main.c && rm src/util.c && mkdir -p lib/x && echo new > lib/x/new.c " +
        "&& rm -rf old && mkdir old && echo again > old/a.txt && chmod 755 run.sh && ln -sfn lib current " +
        "&& head -c 5000 /dev/urandom > blob.bin";

    public sealed class Apply
    {
        [Fact]
        public async Task Makes_the_workspace_what_the_agent_left_when_nothing_conflicts()
        {
            using var layers = Workspace();
            var (applier, set) = await SessionAsync(layers, AgentScript);
            var expected = layers.Combine("expected");
            await layers.ChangeAsync($"cp -a . '{expected}'");

            var outcome = applier.Apply(set.Changes, TestContext.Current.CancellationToken);

            Assert.Null(outcome.Error);
            Assert.Empty(outcome.Conflicts);
            Assert.Equal(TreeSnapshot.Of(expected), TreeSnapshot.Of(layers.Lower));
            Assert.Empty(ChangeSet.Read(layers.Upper, layers.Lower, TestContext.Current.CancellationToken).Changes);
            Assert.Equal("complete", Journal.Read(layers.Combine("applied", "1"))!.State);
            Assert.Empty(Directory.EnumerateFileSystemEntries(layers.Lower, ".vibedom-*", SearchOption.AllDirectories));
        }

        [Fact]
        public async Task Never_overwrites_a_file_the_user_changed_and_still_applies_the_rest()
        {
            using var layers = Workspace();
            var (applier, set) = await SessionAsync(layers, AgentScript, () =>
            {
                File.WriteAllText(Path.Combine(layers.Lower, "src/main.c"), "// mine\n");
                File.WriteAllText(Path.Combine(layers.Lower, "blob.bin"), "mine too\n");
            });

            var outcome = applier.Apply(set.Changes, TestContext.Current.CancellationToken);

            Assert.Equal(
                ["blob.bin: created in the workspace after the session started", "src/main.c: changed in the workspace after the session started"],
                outcome.Conflicts.Select(c => $"{c.Change.Path}: {c.Reason}").Order(StringComparer.Ordinal));
            Assert.Equal("// mine\n", File.ReadAllText(Path.Combine(layers.Lower, "src/main.c")));
            Assert.Equal("mine too\n", File.ReadAllText(Path.Combine(layers.Lower, "blob.bin")));
            Assert.Equal("int main() { return 1; }\n", File.ReadAllText(Path.Combine(layers.Upper, "src/main.c")));
            Assert.False(File.Exists(Path.Combine(layers.Lower, "src/util.c")));
            Assert.Equal("new\n", File.ReadAllText(Path.Combine(layers.Lower, "lib/x/new.c")));
        }

        [Fact]
        public async Task Changes_nothing_when_writing_a_file_fails()
        {
            using var layers = Workspace();
            var (applier, set) = await SessionAsync(layers, "echo changed > README && echo changed > src/util.c");
            File.Delete(Path.Combine(layers.Upper, "src/util.c"));

            var outcome = applier.Apply(set.Changes, TestContext.Current.CancellationToken);

            Assert.StartsWith("cannot apply src/util.c: ", outcome.Error, StringComparison.Ordinal);
            Assert.EndsWith("; nothing was changed", outcome.Error, StringComparison.Ordinal);
            Assert.Equal("void util() {}\n", File.ReadAllText(Path.Combine(layers.Lower, "src/util.c")));
            Assert.Equal("readme\n", File.ReadAllText(Path.Combine(layers.Lower, "README")));
            Assert.Empty(Directory.EnumerateFileSystemEntries(layers.Lower, ".vibedom-*", SearchOption.AllDirectories));
            Assert.Equal("failed", Journal.Read(layers.Combine("applied", "1"))!.State);
        }

        [Fact]
        public async Task An_error_on_a_path_of_thousands_of_bytes_is_one_bounded_line()
        {
            using var layers = Workspace();
            var deep = string.Join('/', Enumerable.Repeat(new string('d', 200), 10)) + "/f.txt";
            layers.WriteLower(deep, "mine\n");
            var (applier, set) = await SessionAsync(layers, $"echo changed > {deep}");
            File.Delete(Path.Combine(layers.Upper, deep));

            var outcome = applier.Apply(set.Changes, TestContext.Current.CancellationToken);

            Assert.NotNull(outcome.Error);
            Assert.StartsWith("cannot apply " + deep[..100], outcome.Error, StringComparison.Ordinal);
            Assert.InRange(outcome.Error.Length, 1, 600);
            Assert.DoesNotContain('\n', outcome.Error);
            Assert.Equal("mine\n", File.ReadAllText(Path.Combine(layers.Lower, deep)));
        }

        [Fact]
        public async Task Applies_only_what_was_chosen_and_creates_missing_parents()
        {
            using var layers = Workspace();
            var (applier, set) = await SessionAsync(layers, AgentScript);

            var outcome = applier.Apply(set.Changes.Where(c => c.Path == "lib/x/new.c").ToList(), TestContext.Current.CancellationToken);

            Assert.Equal(["lib/x/new.c"], outcome.Applied.Select(c => c.Path));
            Assert.Equal("new\n", File.ReadAllText(Path.Combine(layers.Lower, "lib/x/new.c")));
            Assert.Equal("int main() { return 0; }\n", File.ReadAllText(Path.Combine(layers.Lower, "src/main.c")));
        }
        [Fact]
        public async Task Keeps_folders_the_user_added_to_and_applies_the_rest_of_a_removed_tree()
        {
            using var layers = Workspace();
            var (applier, set) = await SessionAsync(layers, "rm -rf old", () => File.WriteAllText(Path.Combine(layers.Lower, "old/b/mine.txt"), "mine\n"));

            var outcome = applier.Apply(set.Changes, TestContext.Current.CancellationToken);

            Assert.Null(outcome.Error);
            Assert.Equal(
                new[] { "old: directory not empty: what is left in it stays", "old/b: directory not empty: what is left in it stays", "old/b/mine.txt: created in the workspace after the session started" }.Order(StringComparer.Ordinal),
                outcome.Conflicts.Select(c => $"{c.Change.Path}: {c.Reason}").Order(StringComparer.Ordinal));
            Assert.Equal("mine\n", File.ReadAllText(Path.Combine(layers.Lower, "old/b/mine.txt")));
            Assert.False(File.Exists(Path.Combine(layers.Lower, "old/a.txt")));
            Assert.False(File.Exists(Path.Combine(layers.Lower, "old/b/c.txt")));
        }

        [Fact]
        public async Task Refuses_what_needs_a_conflicting_file_gone_when_the_agent_turned_it_into_a_folder()
        {
            using var layers = Workspace();
            var (applier, set) = await SessionAsync(layers, "rm README && mkdir README && echo in > README/in.txt && echo x > run.sh",
                () => File.WriteAllText(Path.Combine(layers.Lower, "README"), "my readme\n"));

            var outcome = applier.Apply(set.Changes, TestContext.Current.CancellationToken);

            Assert.Null(outcome.Error);
            Assert.Equal(
                new[] { "README: changed in the workspace after the session started", "README: changed in the workspace after the session started", "README/in.txt: README is a file in the workspace and is not being removed" }.Order(StringComparer.Ordinal),
                outcome.Conflicts.Select(c => $"{c.Change.Path}: {c.Reason}").Order(StringComparer.Ordinal));
            Assert.Equal("my readme\n", File.ReadAllText(Path.Combine(layers.Lower, "README")));
            Assert.Equal("x\n", File.ReadAllText(Path.Combine(layers.Lower, "run.sh")));
        }
    }

    public sealed class Undo
    {
        [Fact]
        public async Task Restores_the_workspace_byte_for_byte_including_deletions_additions_and_modes()
        {
            using var layers = Workspace();
            var before = TreeSnapshot.Of(layers.Lower, withInodes: true);
            var (applier, set) = await SessionAsync(layers, AgentScript);
            applier.Apply(set.Changes, TestContext.Current.CancellationToken);
            Assert.NotEqual(before, TreeSnapshot.Of(layers.Lower, withInodes: true));

            var outcome = applier.Undo();

            Assert.NotNull(outcome);
            Assert.True(outcome.Conflicts.Count == 0, string.Join("\n", outcome.Conflicts));
            Assert.Equal(before, TreeSnapshot.Of(layers.Lower, withInodes: true));
            Assert.Null(applier.Undo());
            Assert.Equal(set.Changes.Select(c => c.Path), ChangeSet.Read(layers.Upper, layers.Lower, TestContext.Current.CancellationToken).Changes.Select(c => c.Path));
        }

        [Fact]
        public async Task Leaves_a_path_alone_when_it_was_changed_after_the_apply()
        {
            using var layers = Workspace();
            var (applier, set) = await SessionAsync(layers, "echo agent > README && echo agent > src/util.c");
            applier.Apply(set.Changes, TestContext.Current.CancellationToken);
            File.WriteAllText(Path.Combine(layers.Lower, "README"), "edited after apply\n");

            var outcome = applier.Undo()!;

            Assert.Equal([("README", "changed in the workspace after the apply")], outcome.Conflicts);
            Assert.Equal("edited after apply\n", File.ReadAllText(Path.Combine(layers.Lower, "README")));
            Assert.Equal("void util() {}\n", File.ReadAllText(Path.Combine(layers.Lower, "src/util.c")));
        }
    }
}
