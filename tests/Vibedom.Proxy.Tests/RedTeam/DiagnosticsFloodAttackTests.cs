using System.Net;
using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.RedTeam;

/// <summary>
/// The proxy's diagnostics go to session.log, and a HIGH-risk DLP finding writes one line per request: an agent sending
/// key-shaped values in a loop made the host write session.log without end (network.jsonl had its bound, session.log
/// none). Now repeats fold into a count and the lines the agent can cause have a budget, then one line says so.
/// </summary>
public sealed class DiagnosticsFloodAttackTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const int Budget = 16 * 1024;
    private const int Distinct = 300;

    [Fact]
    public async Task A_flood_of_high_risk_values_folds_its_repeats_and_stops_at_the_diagnostics_budget_with_one_line_and_a_count()
    {
        var diagnostics = new RecordingDiagnostics();
        var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false,
            adjust: o => o with { Dlp = DlpSettings.Default, Diagnostics = diagnostics, DiagnosticsLimit = Budget });
        await using (proxy)
        {
            using var client = new HttpClient(new SocketsHttpHandler { Proxy = new WebProxy(proxy.ProxyUrl), UseProxy = true });
            var same = KeyId(new Random(7));
            for (var i = 0; i < 30; i++)
            {
                await PostAsync(client, same);
            }

            var random = new Random(11);
            for (var i = 0; i < Distinct; i++)
            {
                await PostAsync(client, KeyId(random));
            }
        }

        var reports = diagnostics.Reports.Where(r => r.Level < LogLevel.Critical && r.EventId != 5001).ToList();
        var findings = reports.Count(r => r.EventId == 5010);
        Assert.InRange(findings, 2, Distinct / 2); // the first key once, then as many distinct ones as fit
        Assert.Contains(reports, r => r.EventId == DiagnosticsBudget.RepeatedEventId && r.Message.Contains("came 29 more time(s)", StringComparison.Ordinal));
        var full = Assert.Single(reports, r => r.EventId == DiagnosticsBudget.FullEventId && r.Message.Contains("reached their limit of 16 KiB", StringComparison.Ordinal));
        var closing = Assert.Single(reports, r => r.EventId == DiagnosticsBudget.FullEventId && r.Message.Contains("were dropped", StringComparison.Ordinal));
        Assert.StartsWith($"{Distinct + 1 - findings} diagnostic line(s) were dropped", closing.Message, StringComparison.Ordinal);
        Assert.True(reports.Sum(r => r.Message.Length) <= Budget + full.Message.Length + closing.Message.Length, $"{reports.Sum(r => r.Message.Length)} characters passed");
    }

    private static async Task PostAsync(HttpClient client, string key)
    {
        using var response = await client.PostAsync($"http://{UpstreamServer.Name}/sink", new StringContent($"key={key}\n"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>An AWS access key id shape, assembled here (never a literal in the repository).</summary>
    private static string KeyId(Random random) =>
        string.Concat("AK", "IA", new string(Enumerable.Range(0, 16).Select(_ => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[random.Next(32)]).ToArray()));
}
