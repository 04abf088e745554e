using System.Globalization;
using Vibedom.Core.Processes;
using Vibedom.IntegrationTests.Network;
using Xunit;

namespace Vibedom.IntegrationTests.Dlp;

/// <summary>
/// Issue 11 item 3: a 1 GiB upload through DLP keeps the proxy's resident memory bounded. The proxy is the real one,
/// in a detached session's host process (the real binary); its peak resident set (<c>VmHWM</c> in /proc) is read once
/// the upload ended. Memory, not time, is asserted.
/// </summary>
public sealed class DlpMemoryTests
{
    private const long Limit = 256L * 1024 * 1024;

    [Fact]
    public async Task A_one_gigabyte_upload_through_dlp_keeps_the_proxy_under_256_MiB_resident()
    {
        await using var s = await ProxiedSession.StartAsync();
        var environment = s.Vibedom.Environment();
        var start = await RunAsync(environment, ["run", s.Workspace, "--yes", "--detach", "--", "sh", "-c", "while [ ! -e go ]; do sleep 0.1; done"]);
        Assert.True(start.ExitCode == 0, start.StandardError);
        var id = Directory.GetDirectories(Path.Combine(s.Vibedom.Home, "logs"), "session-*").Select(Path.GetFileName).Single()!;
        var host = SessionHostProcesses.FindOne(s.Vibedom.Home, id) ?? throw new InvalidOperationException("no session host process");
        try
        {
            // text lines (what the scrubber works hardest on), streamed chunked: no length known ahead
            var upload = await RunAsync(environment, ["exec", id, "--", "sh", "-c",
                $"yes 'an ordinary line of text with words, numbers 12345 and key=value pairs' | head -c 1073741824 | curl -sS -T - -H 'Content-Type: text/plain' '{s.HttpUrl("/sink")}'"]);

            Assert.Contains("sunk ", upload.StandardOutput, StringComparison.Ordinal);
            var peak = PeakResidentBytes(host);
            TestContext.Current.TestOutputHelper?.WriteLine($"proxy peak resident memory after a 1 GiB upload through DLP: {peak >> 20} MiB");
            Assert.True(peak < Limit, $"the proxy's peak resident memory was {peak >> 20} MiB");
            var sunk = long.Parse(upload.StandardOutput.Trim().Split(' ')[1], CultureInfo.InvariantCulture);
            Assert.True(sunk >= 1L << 30, $"the upstream received {sunk} bytes"); // clean text: nothing replaced
        }
        finally
        {
            await RunAsync(environment, ["exec", id, "--", "touch", "go"]);
        }
    }

    /// <summary>VmHWM of <paramref name="pid"/>: the most resident memory it has had.</summary>
    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static Task<ProcessResult> RunAsync(Dictionary<string, string> environment, IReadOnlyList<string> args) =>
        ProcessRunner.Default.RunAsync(new ProcessSpec(Testing.VibedomBinary.Executable, args)
        {
            Environment = environment,
            InheritBasicEnvironment = false,
            StandardInput = string.Empty,
            Timeout = TimeSpan.FromMinutes(10),
        }, TestContext.Current.CancellationToken);

}
