using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Policy;
using Vibedom.Proxy.Tests.Infrastructure;
using Xunit;

namespace Vibedom.Proxy.Tests.Policy;

/// <summary>Each egress stage as a transform on a synthetic exchange (no socket): what it allows, what it stops and why.</summary>
public sealed class StageTests
{
    private static AllowlistSource Allowlist(string text) =>
        new("/nonexistent/trusted_domains.txt", AllowlistParser.Parse("trusted_domains.txt", text), watch: false, NullLogger.Instance, new FakeTimeProvider());

    private static EgressResolver Resolver(bool allowLoopback) => new(
        new Dictionary<string, HostOverride> { ["api.test"] = new(IPAddress.Loopback, 8443) },
        allowLoopback ? [IpNetwork.Parse("127.0.0.1/32")] : [],
        new FakeTimeProvider());

    private static IRequestTransform[] Stages(string allowlist, bool allowLoopback = true, bool logHealthy = true) =>
        EgressStages.Create(() => logHealthy ? null : AuditLogStage.Refusal, Allowlist(allowlist), Resolver(allowLoopback));

    [Fact]
    public async Task Allowlist_listed_host_allows_with_the_entry_as_reason()
    {
        using var source = Allowlist("# comment\napi.test\n");
        var exchange = await StageHarness.ApplyAsync(new StageHarness().Request("GET", "https://api.test/x"), new AllowlistStage(source));

        Assert.Equal((true, "allowlist", "allowlist: api.test (line 2)"), (exchange.Decision.Allowed, exchange.Decision.Rule, exchange.Decision.Reason));
        Assert.Equal("api.test", exchange.Decision.Entry!.Host);
    }

    [Fact]
    public async Task Allowlist_unlisted_host_stops_403_naming_the_file()
    {
        using var source = Allowlist("api.test\n");
        var exchange = await StageHarness.ApplyAsync(new StageHarness().Connect("other.test", 443), new AllowlistStage(source));

        Assert.Equal((false, "allowlist", 403, "other.test:443 is not in trusted_domains.txt"),
            (exchange.Decision.Allowed, exchange.Decision.Rule, exchange.Status, exchange.Decision.Reason));
    }

    [Fact]
    public async Task SameName_sni_with_port_is_normalised_before_comparing()
    {
        var exchange = await StageHarness.ApplyAsync(new StageHarness().Request("GET", "https://api.test/", sni: "API.test:443"), new SameNameStage());

        Assert.False(exchange.IsStopped);
    }

    [Fact]
    public async Task SameName_sni_of_another_host_stops_421()
    {
        var exchange = await StageHarness.ApplyAsync(new StageHarness().Request("GET", "https://api.test/", sni: "evil.test"), new SameNameStage());

        Assert.Equal((421, "same-name", "TLS SNI 'evil.test' differs from CONNECT host 'api.test'"), (exchange.Status, exchange.Decision.Rule, exchange.Decision.Reason));
    }

    [Fact]
    public async Task WebSocket_upgrade_goes_on_to_the_relay_by_default_and_stops_426_in_refuse_mode()
    {
        var relayed = await StageHarness.ApplyAsync(new StageHarness().Request("GET", "https://api.test/ws", webSocket: true), new WebSocketStage());
        var refused = await StageHarness.ApplyAsync(new StageHarness().Request("GET", "https://api.test/ws", webSocket: true),
            new WebSocketStage(Vibedom.Proxy.WebSockets.WebSocketMode.Refuse));

        Assert.False(relayed.IsStopped);
        Assert.Equal((426, WebSocketStage.Rule), (refused.Status, refused.Decision.Rule));
    }

    [Fact]
    public async Task Any_other_upgrade_stops_403_naming_the_upgrade_rule()
    {
        foreach (var protocol in new[] { "SPDY/3.1", "h2c", "made-up/1" })
        {
            var request = new StageHarness().Request("GET", "http://api.test/x", new Dictionary<string, string> { ["Connection"] = "Upgrade", ["Upgrade"] = protocol });
            var exchange = await StageHarness.ApplyAsync(request, new WebSocketStage());

            Assert.Equal((403, WebSocketStage.UpgradeRule), (exchange.Status, exchange.Decision.Rule));
        }

        var plain = await StageHarness.ApplyAsync(new StageHarness().Request("GET", "http://api.test/x"), new WebSocketStage());
        Assert.False(plain.IsStopped);
    }

    [Fact]
    public async Task PrivateAddress_override_to_loopback_without_allow_private_stops_403()
    {
        var exchange = await StageHarness.ApplyAsync(new StageHarness().Request("GET", "https://api.test/"), new PrivateAddressStage(Resolver(allowLoopback: false)));

        Assert.Equal((403, PrivateAddressStage.Rule, "api.test resolves to 127.0.0.1 (loopback), which allow_private does not list"),
            (exchange.Status, exchange.Decision.Rule, exchange.Decision.Reason));
    }

    [Fact]
    public async Task AuditLog_unhealthy_stops_503_before_any_other_stage()
    {
        var exchange = await StageHarness.ApplyAsync(new StageHarness().Request("GET", "https://unlisted.test/"), Stages("api.test\n", logHealthy: false));

        Assert.Equal((503, AuditLogStage.Rule), (exchange.Status, exchange.Decision.Rule));
    }

    [Fact]
    public async Task Stages_allowed_request_keeps_the_allowlist_reason_through_the_later_stages()
    {
        var harness = new StageHarness();
        var exchange = await StageHarness.ApplyAsync(harness.Request("GET", "https://api.test/"), Stages("api.test\n"));
        exchange.End();

        Assert.Equal((true, "allowlist: api.test (line 1)"), (Assert.Single(harness.Lines).Allowed, harness.Lines[0].Reason));
    }

    [Fact]
    public async Task Stages_unlisted_host_is_stopped_by_the_allowlist_before_it_is_resolved()
    {
        // no.such.name.invalid would fail to resolve (502 "resolve"): the allowlist's 403 comes first
        var exchange = await StageHarness.ApplyAsync(new StageHarness().Connect("no.such.name.invalid", 443), Stages("api.test\n"));

        Assert.Equal((403, AllowlistStage.Rule), (exchange.Status, exchange.Decision.Rule));
    }
}
