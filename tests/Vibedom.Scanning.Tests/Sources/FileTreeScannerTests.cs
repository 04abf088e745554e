using System.Runtime.InteropServices;
using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Vibedom.Scanning.Sources;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Sources;

public sealed partial class FileTreeScannerTests
{
    private static readonly Lazy<Detector> Default = new(() => new Detector(RuleLoader.LoadDefault()));

    private static Task<ScanResult> Scan(string root, ScanOptions? options = null) =>
        new FileTreeScanner(Default.Value, options).ScanAsync(root, null, TestContext.Current.CancellationToken);

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);

    public sealed class ScanAsync
    {
        [Fact]
        public async Task ScanAsync_git_ignored_env_file_is_scanned()
        {
            using var dir = new TempDirectory();
            dir.Write(".gitignore", ".env\n");
            dir.Write(".env", "GITHUB_TOKEN=" + TestSecrets.GitHubPat + "\n");

            var result = await Scan(dir.Path);

            var f = Assert.Single(result.Findings);
            Assert.Equal(".env", f.File);
            Assert.Equal("github-pat", f.RuleId);
            Assert.Equal(".env:github-pat:1", f.Fingerprint);
            Assert.Equal("ghp_…", f.Preview);
        }

        [Fact]
        public async Task ScanAsync_git_objects_and_binary_files_are_skipped()
        {
            using var dir = new TempDirectory();
            dir.Write(".git/objects/ab/cdef", "token " + TestSecrets.GitHubPat);
            dir.Write(".git/config", "[remote \"origin\"]\n\turl = https://me:" + TestSecrets.DbPassword + "@git.example.org/r.git\n");
            File.WriteAllBytes(dir.Combine("blob.bin"), [.. Encoding.ASCII.GetBytes("token " + TestSecrets.GitHubPat), 0, 1, 2]);

            var result = await Scan(dir.Path);

            var f = Assert.Single(result.Findings);
            Assert.Equal(".git/config", f.File);
            Assert.Equal(1, result.BinaryFilesSkipped);
        }

        [Fact]
        public async Task ScanAsync_binary_key_store_reported_by_path_rule()
        {
            using var dir = new TempDirectory();
            File.WriteAllBytes(dir.Combine("client.p12"), [0x30, 0x82, 0x00, 0x00, 0x01]);

            var result = await Scan(dir.Path);

            var f = Assert.Single(result.Findings);
            Assert.Equal("pkcs12-file", f.RuleId);
            Assert.Equal("(file)", f.Preview);
        }

        [Fact]
        public async Task ScanAsync_ignore_files_suppress_fingerprint_and_hash()
        {
            using var dir = new TempDirectory();
            dir.Write("a.txt", "token " + TestSecrets.GitHubPat + "\n");
            dir.Write("b.txt", "key " + TestSecrets.AwsAccessKeyId + "\n");
            var first = await Scan(dir.Path);
            var hashOfB = first.Findings.Single(f => f.File == "b.txt").ShortHash;
            dir.Write(".gitleaksignore", "# reviewed\na.txt:github-pat:1\n");
            dir.Write(".vibedomignore", hashOfB + "\n");

            var result = await Scan(dir.Path, new ScanOptions { Ignored = IgnoreFile.LoadFrom(dir.Path, File.OpenRead) });

            Assert.Empty(result.Findings);
        }

        [Fact]
        public async Task ScanAsync_locked_file_reported_unreadable_and_scan_continues()
        {
            using var dir = new TempDirectory();
            dir.Write("locked.txt", "token " + TestSecrets.GitHubPat);
            dir.Write("open.txt", "token " + TestSecrets.GitHubPat);
            using var hold = new FileStream(dir.Combine("locked.txt"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);

            var result = await Scan(dir.Path);

            Assert.True(result.Incomplete);
            Assert.Equal("locked.txt", Assert.Single(result.Unreadable).File);
            Assert.Equal("open.txt", Assert.Single(result.Findings).File);
        }

        [Fact]
        public async Task ScanAsync_hostile_input_on_backtracking_fallback_times_out_and_reports_incomplete()
        {
            // \b next to a non-ASCII literal is the one shape that runs on the backtracking engine
            var rules = RuleLoader.Load("[[rules]]\nid = \"evil\"\nregex = '''é\\b(?:(?:a|b)*a)*c'''\n", "evil.toml");
            using var dir = new TempDirectory();
            dir.Write("hostile.txt", "é" + new string('a', 5000) + "!");
            dir.Write("fine.txt", "nothing");
            var sw = System.Diagnostics.Stopwatch.StartNew();

            var result = await new FileTreeScanner(new Detector(rules)).ScanAsync(dir.Path, null, TestContext.Current.CancellationToken);

            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"took {sw.Elapsed}");
            Assert.True(result.Incomplete);
            Assert.Equal("hostile.txt", Assert.Single(result.Unreadable).File);
            Assert.Equal(1, result.FilesScanned);
        }

        [Fact]
        public async Task ScanAsync_fifo_does_not_block()
        {
            using var dir = new TempDirectory();
            Assert.Equal(0, MkFifo(dir.Combine("pipe"), 0x1A4));
            dir.Write("a.txt", "nothing");

            var result = await Scan(dir.Path).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

            Assert.Empty(result.Findings);
        }

        [Fact]
        public async Task ScanAsync_secret_near_chunk_boundary_of_one_huge_line_found_once()
        {
            using var dir = new TempDirectory();
            var filler = new string('x', DetectionWindow.DefaultSize - 10);
            var text = filler + " " + TestSecrets.GitHubPat + " " + new string('y', DetectionWindow.DefaultSize * 2) + " " + TestSecrets.AwsAccessKeyId;
            dir.Write("one-line.txt", text);

            var result = await Scan(dir.Path);

            Assert.Equal(["github-pat", "aws-access-key-id"], result.Findings.Select(f => f.RuleId));
            Assert.Equal(filler.Length + 2, result.Findings[0].Column);
            Assert.All(result.Findings, f => Assert.Equal(1, f.Line));
        }

        [Fact]
        public async Task ScanAsync_many_lines_across_chunks_line_numbers_exact()
        {
            using var dir = new TempDirectory();
            var sb = new StringBuilder();
            for (var i = 1; i <= 200_000; i++)
            {
                sb.Append(i == 150_000 ? "token " + TestSecrets.GitHubPat : "line number " + i).Append('\n');
            }

            dir.Write("big.txt", sb.ToString());

            var result = await Scan(dir.Path);

            var f = Assert.Single(result.Findings);
            Assert.Equal(150_000, f.Line);
            Assert.Equal(7, f.Column);
        }
    }

    public sealed class ScanText
    {
        [Fact]
        public void ScanText_stdin_finds_without_path()
        {
            var scanner = new FileTreeScanner(Default.Value);

            var result = scanner.ScanText(new StringReader("x\nSLACK=" + TestSecrets.SlackBotToken));

            var f = Assert.Single(result.Findings);
            Assert.Equal(2, f.Line);
            Assert.Equal(string.Empty, f.File);
            Assert.Equal(TestSecrets.SlackBotToken, result.SecretValues[f.ShortHash]);
        }
    }
}
