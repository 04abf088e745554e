using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Vibedom.Proxy.Credentials;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Proxy.WebSockets;
using Vibedom.Scanning;
using Vibedom.Scanning.Redaction;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>
/// Red team (s19 redteam3): the message filter driven as the pumps drive it, with the real engine and rules. Each claim
/// here is what the relay's docs promise; the ones that fail show a gap (see the report).
/// </summary>
public sealed class WebSocketFilterAttackTests(ITestOutputHelper output)
{
    private static readonly DlpEngines Engines = DlpEngines.Create(DlpSettings.Default, CompiledRules.Defaults, []);

    private static WebSocketMessageFilter Filter(Replacements? returning = null, WebSocketFindings? findings = null) =>
        new(Engines.Request, Engines.Response, returning, findings, []);

    private static string Send(WebSocketMessageFilter filter, bool toServer, byte opcode, string text) =>
        Encoding.UTF8.GetString(filter.Apply(toServer, opcode, Encoding.UTF8.GetBytes(text)).Span);

    [Fact]
    public void A_secret_split_across_a_text_message_and_a_binary_one_has_its_rest_redacted()
    {
        // SECURITY.md: "each data message is scanned behind the last 2 KiB its direction sent"; the carry is per kind
        var key = TestSecrets.AwsAccessKeyId;
        var filter = Filter();

        _ = Send(filter, toServer: true, WebSocketFrame.Text, "aws " + key[..9]);
        var second = Send(filter, toServer: true, WebSocketFrame.Binary, key[9..] + " tail");

        Assert.DoesNotContain(key[9..], second, StringComparison.Ordinal);
    }

    [Fact(Skip = "known gap (docs/SECURITY.md): control payloads are scanned alone, a value split across pings passes as across several requests")]
    public void A_secret_split_across_two_pings_has_its_rest_redacted()
    {
        // control payloads are scanned alone: a client's pings reach the server (which answers them, so the relay is an echo)
        var key = TestSecrets.AwsAccessKeyId;
        var filter = Filter();

        _ = Send(filter, toServer: true, WebSocketFrame.Ping, "aws " + key[..9]);
        var second = Send(filter, toServer: true, WebSocketFrame.Ping, key[9..]);

        Assert.DoesNotContain(key[9..], second, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workspace_value_with_non_ascii_letters_in_a_close_reason_is_redacted()
    {
        // binary messages are scanned as bytes for this very case; control payloads are read as Latin-1 text
        var value = "pässwört-" + "Zq81" + "Lk2v" + "Nx7m";
        var engines = DlpEngines.Create(DlpSettings.Default with { ExactValues = new KnownSecrets([value]) }, CompiledRules.Defaults, []);
        var filter = new WebSocketMessageFilter(engines.Request, engines.Response, null, null, []);

        byte[] close = [0x03, 0xE8, .. Encoding.UTF8.GetBytes("v=" + value)];
        var sent = filter.Apply(toServer: true, WebSocketFrame.Close, close).ToArray();

        Assert.Equal(-1, sent.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)));
    }

    [Fact]
    public void A_bound_credential_the_server_echoes_across_two_messages_reaches_the_client_as_the_sentinel()
    {
        // the swap-back runs on each message alone (no carry): the agent sees the real value when its echo is split
        var real = "cred-" + "R3aLvAlu3" + "Xq9Zk2Lm7Np4Wd8" + "Hs1";
        var sentinel = "cred-" + "SeNtInEl0" + "0000000000000000"[..15] + "000";
        Assert.Equal(real.Length, sentinel.Length);
        var filter = Filter(new Replacements([(Encoding.UTF8.GetBytes(real), Encoding.UTF8.GetBytes(sentinel))]));

        var first = Send(filter, toServer: false, WebSocketFrame.Text, "your key: " + real[..12]);
        var second = Send(filter, toServer: false, WebSocketFrame.Text, real[12..] + " (echo)");

        Assert.DoesNotContain(real, first + second, StringComparison.Ordinal);
    }

    [Fact]
    public void Scanning_a_message_behind_the_carry_costs_about_what_scanning_it_alone_costs()
    {
        // Report's Minus(fresh, messageHits) is hits x hits when the direction sent anything before: n distinct values
        // in one message cost n^2 (LINQ Where per hit). Measured, printed: the ratio is the finding (not a timing assert).
        _ = Measure(200);
        var ratios = new List<double>();
        foreach (var n in new[] { 1500, 3000, 6000 })
        {
            var (alone, behind, engineOnly) = Measure(n);
            output.WriteLine($"{n} distinct values in one message: engine alone {engineOnly.TotalMilliseconds:0} ms, filter alone {alone.TotalMilliseconds:0} ms, filter behind a carry {behind.TotalMilliseconds:0} ms, ratio {behind / alone:0.0}");
            ratios.Add(behind / alone);
        }

        Assert.True(ratios[^1] < 4, $"scanning behind the carry took {ratios[^1]:0.0}x scanning alone");
    }

    private static (TimeSpan Alone, TimeSpan Behind, TimeSpan Engine) Measure(int n)
    {
        var values = Enumerable.Range(0, n).Select(_ => "gh" + "p_" + RandomAlnum(36)).ToList();
        var message = string.Join(' ', values);
        var harness = new StageHarness();
        var engine = Time(() => _ = Engines.Request!.ScrubText(message));
        var alone = Time(() =>
        {
            var filter = Filter(findings: new WebSocketFindings(harness.Request("GET", "https://upstream.test/ws", webSocket: true), Engines, NullLogger.Instance));
            _ = Send(filter, true, WebSocketFrame.Text, message);
        });
        var behind = Time(() =>
        {
            var filter = Filter(findings: new WebSocketFindings(harness.Request("GET", "https://upstream.test/ws", webSocket: true), Engines, NullLogger.Instance));
            _ = Send(filter, true, WebSocketFrame.Text, "hello");
            _ = Send(filter, true, WebSocketFrame.Text, message);
        });
        return (alone, behind, engine);
    }

    private static TimeSpan Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started);
    }

    private static string RandomAlnum(int length)
    {
        const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return new string([.. Enumerable.Range(0, length).Select(_ => Letters[Random.Shared.Next(Letters.Length)])]);
    }
}
