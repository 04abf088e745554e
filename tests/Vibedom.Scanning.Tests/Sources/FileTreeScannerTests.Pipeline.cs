using System.Text;
using Vibedom.Scanning.Sources;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Sources;

public sealed partial class FileTreeScannerTests
{
    /// <summary>The walk feeds the workers through a bounded channel; each worker reads its files through one buffer.</summary>
    public sealed class Pipeline
    {
        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(5)]
        public async Task Every_file_of_a_tree_larger_than_the_channel_is_scanned_once(int parallelism)
        {
            using var dir = new TempDirectory();
            for (var i = 0; i < 700; i++)
            {
                dir.Write($"d{i % 7}/f{i:D3}.txt", i % 10 == 0 ? "token " + TestSecrets.GitHubPat + "\n" : "nothing " + i + "\n");
            }

            var done = new List<long>();
            var result = await new FileTreeScanner(Default.Value, new ScanOptions { Parallelism = parallelism })
                .ScanAsync(dir.Path, new SyncProgress(done), TestContext.Current.CancellationToken);

            Assert.Equal(700, result.FilesScanned);
            Assert.Equal(70, result.Findings.Count);
            Assert.Equal(70, result.Findings.Select(f => f.File).Distinct().Count());
            Assert.Equal(Enumerable.Range(1, 700).Select(n => (long)n), done.Order());
        }

        [Fact]
        public async Task A_scan_cancelled_while_the_walk_waits_on_a_full_channel_ends_with_cancellation()
        {
            using var dir = new TempDirectory();
            for (var i = 0; i < 1000; i++)
            {
                dir.Write($"f{i:D4}.txt", "line\n");
            }

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            var progress = new SyncProgress([], n =>
            {
                if (n == 3)
                {
                    cts.Cancel();
                }
            });

            var scan = new FileTreeScanner(Default.Value, new ScanOptions { Parallelism = 1 }).ScanAsync(dir.Path, progress, cts.Token);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scan.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        }

        [Fact]
        public async Task A_secret_on_the_line_across_a_window_cut_is_reported_once_with_its_line()
        {
            using var dir = new TempDirectory();
            var sb = new StringBuilder();
            var line = 0;
            while (sb.Length < ScanOptions.FileWindow.Size - 20)
            {
                sb.Append("filler line ").Append(++line).Append('\n');
            }

            sb.Append("key = ").Append(TestSecrets.GitHubPat).Append('\n');
            for (var i = 0; i < 30_000; i++)
            {
                sb.Append("after ").Append(i).Append('\n');
            }

            dir.Write("big.txt", sb.ToString());

            var result = await Scan(dir.Path);

            var f = Assert.Single(result.Findings);
            Assert.Equal(line + 1, f.Line);
            Assert.Equal(7, f.Column);
            Assert.Equal(Encoding.UTF8.GetByteCount(sb.ToString()), result.BytesScanned);
        }

        [Fact]
        public async Task A_file_given_as_the_root_is_scanned_under_its_own_name()
        {
            using var dir = new TempDirectory();
            var path = dir.Write("settings.env", "TOKEN=" + TestSecrets.GitHubPat + "\n");

            var result = await Scan(path);

            Assert.Equal("settings.env", Assert.Single(result.Findings).File);
            Assert.Equal(1, result.FilesScanned);
        }

        [Fact]
        public async Task A_utf16_file_with_a_bom_is_decoded_and_scanned()
        {
            using var dir = new TempDirectory();
            File.WriteAllText(dir.Combine("wide.txt"), "x\ntoken " + TestSecrets.GitHubPat + "\n", new UnicodeEncoding(bigEndian: false, byteOrderMark: true));

            var result = await Scan(dir.Path);

            var f = Assert.Single(result.Findings);
            Assert.Equal(("wide.txt", 2), (f.File, f.Line));
        }

        [Fact]
        public async Task A_symlink_loop_inside_a_vendored_folder_is_not_followed_when_counting()
        {
            using var dir = new TempDirectory();
            dir.Write("node_modules/a/index.js", "a\n");
            dir.Write("node_modules/a/lib/b.js", "b\n");
            File.CreateSymbolicLink(dir.Combine("node_modules/a/lib/loop"), dir.Combine("node_modules"));
            File.CreateSymbolicLink(dir.Combine("node_modules/a/link.js"), dir.Combine("node_modules/a/index.js"));

            var result = await Scan(dir.Path).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

            Assert.Equal(["node_modules"], result.VendoredFolders);
            Assert.Equal(2, result.VendoredFilesSkipped);
        }

        /// <summary>Reports on the worker's thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
        private sealed class SyncProgress(List<long> seen, Action<long>? then = null) : IProgress<long>
        {
            public void Report(long value)
            {
                lock (seen)
                {
                    seen.Add(value);
                }

                then?.Invoke(value);
            }
        }
    }
}
