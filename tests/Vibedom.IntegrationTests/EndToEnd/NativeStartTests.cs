using System.Globalization;
using Vibedom.Core.Processes;
using Vibedom.Runtimes.Namespace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// The native binary `./build.sh` publishes prepares, before main, the zero-filled pages its runtime's start
/// rehydrates data into (src/Vibedom.Cli/Native/rehydration.c): populated in one call, aligned 2 MiB ranges
/// advised as huge pages. Read from a running `vibedom run`'s own /proc/PID/smaps (the mapping after the binary's
/// writable segment). Measured in docs/ARCHITECTURE.md, "Start-up"; this test asserts no timing.
/// </summary>
public sealed class NativeStartTests
{
    private static string Native => Path.Combine(RepositoryRoot.Path, "artifacts", "publish", "vibedom", "vibedom");

    [Fact]
    public async Task The_native_binary_populates_its_rehydrated_data_pages_before_main_with_huge_page_advice()
    {
        Prerequisite.RequireCommand("bwrap");
        // ./build.sh test publishes it before the tests; a ReadyToRun fallback has vibedom.dll beside it
        Prerequisite.Require(File.Exists(Native) && !File.Exists(Native + ".dll"), $"no NativeAOT binary at {Native} (run ./build.sh)");
        using var vibedom = new VibedomBinary();
        var (running, pid) = await StartRunAsync(vibedom, "proj");

        var zeroFilled = ZeroFilledMappings(File.ReadAllLines($"/proc/{pid}/smaps"), File.ResolveLinkTarget(Native, returnFinalTarget: true)?.FullName ?? Native);
        Assert.Equal(0, (await running).ExitCode); // the run ends by itself: nothing is left to reconcile

        Assert.NotEmpty(zeroFilled);
        Assert.True(zeroFilled.Sum(m => m.SizeKb) >= 4096, $"the rehydrated data is megabytes: {zeroFilled.Sum(m => m.SizeKb)} KiB");
        Assert.All(zeroFilled, m => Assert.True(m.RssKb == m.SizeKb, $"{m.Range}: {m.RssKb} of {m.SizeKb} KiB resident: not populated before main"));
        if (Directory.Exists("/sys/kernel/mm/transparent_hugepage"))
        {
            Assert.Contains(zeroFilled, m => m.Flags.Contains("hg", StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task A_run_whose_agent_makes_no_request_never_loads_OpenSSL_once_its_CA_was_checked()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.Require(File.Exists(Native) && !File.Exists(Native + ".dll"), $"no NativeAOT binary at {Native} (run ./build.sh)");
        using var vibedom = new VibedomBinary();
        var (first, _) = await StartRunAsync(vibedom, "first"); // creates the CA, checks it in full, keeps its stamp
        Assert.Equal(0, (await first).ExitCode);

        var (running, pid) = await StartRunAsync(vibedom, "second");
        var libraries = File.ReadAllLines($"/proc/{pid}/maps").Select(l => l.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 5).Select(f => Path.GetFileName(f[5].Trim())).Distinct().ToList();
        Assert.Equal(0, (await running).ExitCode);

        Assert.Contains(libraries, l => l.StartsWith("libc.so", StringComparison.Ordinal)); // the maps were read
        Assert.DoesNotContain(libraries, l => l.StartsWith("libssl", StringComparison.Ordinal) || l.StartsWith("libcrypto", StringComparison.Ordinal));
    }

    /// <summary>A foreground run of a command that waits, and the pid of its vibedom once the sandbox runs.</summary>
    private static async Task<(Task<ProcessResult> Running, int Pid)> StartRunAsync(VibedomBinary vibedom, string name)
    {
        var workspace = vibedom.Workspace(name, ("README.md", "hello\n"));
        var running = ProcessRunner.Default.RunAsync(new ProcessSpec(Native, ["run", workspace, "--yes", "--", "sh", "-c", "echo started > started.txt; sleep 8"])
        {
            Environment = vibedom.Environment(),
            WorkingDirectory = vibedom.Root,
            Timeout = TimeSpan.FromSeconds(90),
        }, TestContext.Current.CancellationToken);
        var session = await Poll.ForAsync(() => Directory.Exists(Path.Combine(vibedom.Home, "logs"))
            ? Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*")
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "changes", "started.txt")) && File.ReadAllText(Path.Combine(d, "session.json")).Contains(workspace, StringComparison.Ordinal))
            : null);
        using var record = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(session, "session.json")));
        return (running, SupervisorHandle.Parse(record.RootElement.GetProperty("runtime_handle").GetString())!.Pid);
    }

    private sealed record Mapping(string Range, ulong Start, ulong End, string Path, long SizeKb, long RssKb, string[] Flags);

    /// <summary>The anonymous mappings right after the binary's last file mapping, contiguous (its .bss and .hydrated).</summary>
    private static List<Mapping> ZeroFilledMappings(string[] smaps, string binary)
    {
        var all = Parse(smaps);
        var last = all.FindLastIndex(m => m.Path == binary);
        Assert.True(last >= 0, $"{binary} is not mapped");
        var result = new List<Mapping>();
        for (var i = last + 1; i < all.Count && all[i].Path.Length == 0 && all[i].Start == (result.Count == 0 ? all[last].End : result[^1].End); i++)
        {
            result.Add(all[i]);
        }

        return result;
    }

    private static List<Mapping> Parse(string[] smaps)
    {
        var mappings = new List<Mapping>();
        string? header = null;
        long size = 0, rss = 0;
        foreach (var line in smaps)
        {
            // a mapping's header starts with its address range in lower-case hex; its fields with a capital letter
            if (line.Length > 0 && char.IsAsciiHexDigitLower(line[0]))
            {
                header = line;
            }
            else if (line.StartsWith("Size:", StringComparison.Ordinal))
            {
                size = Kb(line);
            }
            else if (line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                rss = Kb(line);
            }
            else if (line.StartsWith("VmFlags:", StringComparison.Ordinal) && header is not null)
            {
                var fields = header.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                var bounds = fields[0].Split('-');
                mappings.Add(new Mapping(
                    fields[0],
                    ulong.Parse(bounds[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    ulong.Parse(bounds[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    fields.Length > 5 ? fields[5].Trim() : string.Empty,
                    size,
                    rss,
                    line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
            }
        }

        return mappings;
    }

    private static long Kb(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
