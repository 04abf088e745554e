using System.Text.Json;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>The scan says what it did not scan (vendored folders), and --all scans them, through the real binary.</summary>
public sealed class VendoredScanTests
{
    [Fact]
    public async Task Scan_and_preflight_report_skipped_vendored_files_and_all_scans_them()
    {
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace(
            "proj",
            ("src/app.js", "console.log(1)\n"),
            ("node_modules/pkg/config.js", $"STRIPE_SECRET_KEY={TestSecrets.StripeLiveKey}\n"),
            ("node_modules/pkg/index.js", "module.exports = 1\n"),
            ("api/.venv/lib/site.py", "x = 1\n"));

        var scan = await vibedom.RunAsync("scan", workspace);
        var json = await vibedom.RunAsync("scan", workspace, "--format", "json");
        var all = await vibedom.RunAsync("scan", workspace, "--all");

        Assert.True(scan.ExitCode == 0, scan.StandardOutput + scan.StandardError);
        Assert.Contains("skipped 3 files in 2 vendored folders (--all to include)", scan.StandardOutput, StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(json.StandardOutput))
        {
            var skipped = doc.RootElement.GetProperty("vendored_skipped");
            Assert.Equal(3, skipped.GetProperty("files").GetInt64());
            Assert.Equal(["api/.venv", "node_modules"], skipped.GetProperty("folders").EnumerateArray().Select(e => e.GetString()));
        }

        Assert.Equal(1, all.ExitCode);
        Assert.Contains("node_modules/pkg/config.js", all.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("vendored folders", all.StandardOutput, StringComparison.Ordinal);

        Prerequisite.RequireCommand("bwrap");
        var run = await vibedom.RunAsync("run", workspace, "--yes", "--", "true");
        var runAll = await vibedom.RunAsync("run", workspace, "--yes", "--all", "--", "sh", "-c", "echo STARTED");

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains("pre-flight: skipped 3 files in 2 vendored folders (--all to include)", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(5, runAll.ExitCode); // the HIGH key in node_modules is now seen, and --yes alone does not accept it
        Assert.Contains("node_modules/pkg/config.js", runAll.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("STARTED", runAll.StandardOutput, StringComparison.Ordinal);
    }
}
