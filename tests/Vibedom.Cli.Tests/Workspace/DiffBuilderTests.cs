using Vibedom.Cli.Rendering;
using Vibedom.Core.Workspace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Cli.Tests.Workspace;

public sealed class DiffBuilderTests
{
    private static string Render(string before, string after)
    {
        using var temp = new TempDirectory();
        var mode = (UnixFileMode)0b110_100_100;
        var change = new WorkspaceChange(
            "f.txt",
            ChangeKind.Modified,
            new EntryState(EntryType.File, mode, before.Length, null, temp.Write("a", before)),
            new EntryState(EntryType.File, mode, after.Length, null, temp.Write("b", after))) { ContentChanged = true };
        var output = new StringWriter();
        DiffRenderer.RenderEntry(new DiffWriter(output, color: false), DiffBuilder.Build(change));
        return output.ToString();
    }

    public sealed class Build
    {
        [Fact]
        public void Shows_git_marker_when_only_the_final_newline_was_added()
        {
            Assert.Equal(
                "diff --git a/f.txt b/f.txt\n--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
                Render("a\nb", "a\nb\n"));
        }

        [Fact]
        public void Keeps_hunks_apart_when_changes_are_far_from_each_other()
        {
            var lines = Enumerable.Range(1, 30).Select(i => $"line {i}").ToList();
            var before = string.Join("\n", lines) + "\n";
            lines[1] = "changed 2";
            lines[27] = "changed 28";
            var after = string.Join("\n", lines) + "\n";

            var diff = Render(before, after);

            Assert.Contains("@@ -1,5 +1,5 @@\n", diff, StringComparison.Ordinal);
            Assert.Contains("@@ -25,6 +25,6 @@\n", diff, StringComparison.Ordinal);
        }
    }
}
