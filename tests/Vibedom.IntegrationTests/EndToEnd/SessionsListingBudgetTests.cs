using System.Text.Json;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// <c>sessions</c> tells a modified file the agent left as the workspace has it from a real change by comparing their
/// content. The agent decides how many such files there are: a <c>touch</c> of every file copies each up whole (free
/// with reflinks), and every listing read them all, both sides. A listing now reads at most
/// <c>ComparisonBudget.ListingBytes</c> (128 MiB) for that, all sessions together; past it a file counts as a change,
/// and the listing says how many it did not compare.
/// </summary>
public sealed class SessionsListingBudgetTests
{
    private const int Files = 12;
    private const int FileBytes = 16 << 20; // 12 x 16 MiB: comparing them all reads 384 MiB, both sides

    [Fact]
    public async Task Sessions_compares_the_agents_touched_files_within_its_read_budget_and_says_what_it_did_not_compare()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("README.md", "a project\n"));
        var data = new byte[FileBytes];
        for (var i = 0; i < Files; i++)
        {
            Random.Shared.NextBytes(data);
            File.WriteAllBytes(Path.Combine(workspace, $"data{i:00}.bin"), data); // real data: no hole to skip
        }

        var run = await vibedom.RunAsync(["run", workspace, "--yes", "--", "sh", "-c", "touch data*.bin"], input: null, timeout: TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        var longAgo = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var workspaceFiles = Directory.GetFiles(workspace, "data*.bin");
        foreach (var file in workspaceFiles)
        {
            File.SetLastAccessTimeUtc(file, longAgo); // older than its change time: any read of it moves it (relatime)
        }

        var json = await vibedom.RunAsync(["sessions", "--json"], input: null, timeout: TimeSpan.FromMinutes(3));
        var table = await vibedom.RunAsync(["sessions"], input: null, timeout: TimeSpan.FromMinutes(3));

        Assert.True(json.ExitCode == 0, json.StandardError);
        var read = workspaceFiles.Count(f => File.GetLastAccessTimeUtc(f) != longAgo);
        Assert.True(read <= 4, $"two listings read {read} of the {Files} workspace files; the budget pays for 4 (2 x 16 MiB each)");
        var row = JsonDocument.Parse(json.StandardOutput).RootElement.EnumerateArray().Single();
        var uncompared = row.GetProperty("uncompared").GetInt32();
        Assert.InRange(uncompared, Files - 4, Files);
        Assert.Equal(uncompared, row.GetProperty("changes").GetInt32()); // the compared ones hold what the workspace does: no change
        Assert.Contains($"{uncompared} ({uncompared} not compared)", table.StandardOutput, StringComparison.Ordinal);
    }
}
