using Vibedom.Testing;
using Xunit;

namespace Vibedom.Cli.Tests.Commands;

/// <summary><c>vibedom scan</c> end to end through the real root command, on real files.</summary>
public sealed class ScanCommandTests
{
    private sealed record Run(int Exit, string Out, string Err);

    private static async Task<Run> Vibedom(TempDirectory home, string stdin, params string[] args)
    {
        using var cli = new CliHarness(width: 400);
        var result = await cli.RunWithInputAsync(stdin, args);
        return new Run(result.ExitCode, result.Output, result.Error);
    }

    public sealed class Exit
    {
        [Fact]
        public async Task Scan_clean_folder_exits_zero()
        {
            using var dir = new TempDirectory();
            dir.Write("src/a.cs", "class A { }");

            var run = await Vibedom(dir, "", "scan", dir.Combine("src"));

            Assert.Equal(0, run.Exit);
            Assert.Contains("no secrets found", run.Out, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("text")]
        [InlineData("json")]
        [InlineData("sarif")]
        public async Task Scan_secret_in_folder_exits_one_and_never_prints_value(string format)
        {
            using var dir = new TempDirectory();
            dir.Write("ws/prod/.env", "GITHUB_TOKEN=" + TestSecrets.GitHubPat + "\nSTRIPE=" + TestSecrets.StripeLiveKey + "\n");

            var run = await Vibedom(dir, "", "scan", dir.Combine("ws"), "--format", format);

            Assert.Equal(1, run.Exit);
            Assert.DoesNotContain(TestSecrets.GitHubPat, run.Out, StringComparison.Ordinal);
            Assert.DoesNotContain(TestSecrets.StripeLiveKey, run.Out, StringComparison.Ordinal);
            Assert.DoesNotContain(TestSecrets.GitHubPat[4..], run.Out, StringComparison.Ordinal);
            Assert.Contains("ghp_…", run.Out, StringComparison.Ordinal);
            Assert.Contains("prod/.env:github-pat:1", run.Out, StringComparison.Ordinal);
            Assert.Contains("HIGH", run.Out, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Scan_malformed_config_exits_two_naming_file_line_column()
        {
            using var dir = new TempDirectory();
            var config = dir.Write("rules.toml", "[[rules]]\nid = \"x\"\nregex = '''(?=a)'''\n");

            var run = await Vibedom(dir, "", "scan", dir.Path, "--config", config);

            Assert.Equal(2, run.Exit);
            Assert.StartsWith($"vibedom: {config}(3,9): x: regex: ", run.Err, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Scan_uses_a_gitleaks_config_instead_of_the_defaults()
        {
            using var dir = new TempDirectory();
            dir.Write("ws/a.txt", "DATABASE_URL=postgres://app:" + TestSecrets.DbPassword + "@db/app\n");
            var gitleaks = RepositoryRoot.GitleaksToml;

            var withDefaults = await Vibedom(dir, "", "scan", dir.Combine("ws"));
            var withGitleaks = await Vibedom(dir, "", "scan", dir.Combine("ws"), "--config", gitleaks);

            Assert.Equal(1, withDefaults.Exit);                   // vibedom's url-credentials rule
            Assert.Equal(0, withGitleaks.Exit);                   // gitleaks has no such rule
        }

        [Fact]
        public async Task Scan_stdin_exits_one()
        {
            using var dir = new TempDirectory();

            var run = await Vibedom(dir, "token=" + TestSecrets.GitHubPat + "\n", "scan", "--stdin", "--format", "json");

            Assert.Equal(1, run.Exit);
            Assert.Contains("\"rule\": \"github-pat\"", run.Out, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Scan_of_a_path_and_stdin_is_a_usage_error()
        {
            using var dir = new TempDirectory();

            var run = await Vibedom(dir, "", "scan", dir.Path, "--stdin");

            Assert.Equal(2, run.Exit);
        }

        /// <summary>
        /// A folder the scan cannot open (past PATH_MAX: root reads any file, and the scan opens files by their bytes, so a
        /// lock or a name that is not UTF-8 no longer makes one unreadable) leaves the scan incomplete.
        /// </summary>
        [Fact]
        public async Task Scan_unreadable_folder_only_exits_incomplete()
        {
            Prerequisite.RequireCommand("python3");
            using var dir = new TempDirectory();
            dir.Write("ws/a.txt", "hello");
            await Python("import os, sys\nfd = os.open(sys.argv[1], os.O_RDONLY)\nfor _ in range(20):\n    os.mkdir('d' * 250, dir_fd=fd)\n    fd = os.open('d' * 250, os.O_RDONLY, dir_fd=fd)\n", dir.Combine("ws"));
            try
            {
                var run = await Vibedom(dir, "", "scan", dir.Combine("ws"));

                Assert.Equal(global::Vibedom.Core.ExitCodes.ScanIncomplete, run.Exit);
                Assert.Contains("INCOMPLETE", run.Out, StringComparison.Ordinal);
            }
            finally
            {
                await Python("import shutil, sys; shutil.rmtree(sys.argv[1])", dir.Combine("ws")); // by descriptor, past PATH_MAX
            }
        }

        private static Task Python(string code, string argument) =>
            global::Vibedom.Core.Processes.ProcessRunner.Default.RunCheckedAsync(global::Vibedom.Core.Processes.ProcessSpec.Of("python3", "-c", code, argument), TestContext.Current.CancellationToken);

        [Fact]
        public async Task Scan_report_file_holds_report_without_value()
        {
            using var dir = new TempDirectory();
            dir.Write("ws/a.env", "T=" + TestSecrets.GitHubPat + "\n");
            var report = dir.Combine("report.sarif");

            var run = await Vibedom(dir, "", "scan", dir.Combine("ws"), "--format", "sarif", "--report", report);

            Assert.Equal(1, run.Exit);
            var text = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
            Assert.Contains("\"version\": \"2.1.0\"", text, StringComparison.Ordinal);
            Assert.Contains("\"ruleId\": \"github-pat\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestSecrets.GitHubPat, text, StringComparison.Ordinal);
        }
    }
}
