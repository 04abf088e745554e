using Vibedom.Scanning.Sources;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Sources;

public sealed partial class FileTreeScannerTests
{
    public sealed class Vendored
    {
        [Fact]
        public async Task ScanAsync_vendored_folders_are_skipped_counted_and_reported()
        {
            using var dir = new TempDirectory();
            dir.Write("src/app.js", "console.log(1)\n");
            dir.Write("node_modules/pkg/index.js", "token: " + TestSecrets.GitHubPat + "\n");
            dir.Write("node_modules/pkg/node_modules/dep/a.js", "a\n");
            dir.Write("api/.venv/lib/site.py", "b\n");
            File.CreateSymbolicLink(dir.Combine("node_modules/linked"), "/etc");

            var result = await Scan(dir.Path);

            Assert.Empty(result.Findings);
            Assert.Equal(["api/.venv", "node_modules"], result.VendoredFolders);
            Assert.Equal(3, result.VendoredFilesSkipped);
            Assert.Equal(1, result.FilesScanned);
        }

        [Fact]
        public async Task ScanAsync_include_vendored_finds_the_secret_in_node_modules()
        {
            using var dir = new TempDirectory();
            dir.Write("node_modules/pkg/index.js", "token: " + TestSecrets.GitHubPat + "\n");

            var result = await Scan(dir.Path, new ScanOptions { IncludeVendored = true });

            var f = Assert.Single(result.Findings);
            Assert.Equal("node_modules/pkg/index.js", f.File);
            Assert.Empty(result.VendoredFolders);
            Assert.Equal(0, result.VendoredFilesSkipped);
        }
    }
}
