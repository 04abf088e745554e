using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Vibedom.Proxy.Tests.Infrastructure;
using Xunit;

namespace Vibedom.Proxy.Tests.Exchanges;

/// <summary>The per-request object: transforms in order, one may stop, every outcome collected, one line written once.</summary>
public sealed class ExchangeTests
{
    private static readonly PolicyDecision Blocked = PolicyDecision.Deny("dlp-test", 403, "a test rule stopped it");

    public sealed class End
    {
        [Fact]
        public void End_called_twice_writes_one_line()
        {
            var harness = new StageHarness();
            var exchange = harness.Request("GET", "https://api.test/v1/x?token=abc");

            exchange.End();
            exchange.End();

            var line = Assert.Single(harness.Lines);
            Assert.Equal(("GET", "https://api.test/v1/x?token=[REDACTED]", "api.test", 443, true, "allowed", "intercepted"),
                (line.Method, line.Url, line.Host, line.Port, line.Allowed, line.Reason, line.Tls));
            Assert.Null(line.Phase);
        }

        [Fact]
        public void EndWithoutLine_then_end_writes_nothing()
        {
            var harness = new StageHarness();
            var exchange = harness.Connect("api.test", 443);

            exchange.EndWithoutLine();
            exchange.End();

            Assert.Empty(harness.Lines);
            Assert.True(exchange.HasEnded);
        }

        [Fact]
        public void End_with_scrubbed_items_status_bytes_and_notes_records_them_all()
        {
            var harness = new StageHarness();
            var exchange = harness.Request("POST", "http://api.test/upload", body: "payload");
            exchange.AddScrubbed(new ScrubbedItem("aws-access-key-id", "body", 2, "0123456789ab"));
            exchange.AddScrubbed(new ScrubbedItem("email", "header:X-User", 1, "ba9876543210"));
            (exchange.Status, exchange.BytesOut, exchange.BytesIn) = (201, 7, 12);
            exchange.Note("forward-error: ResponseBodyClient");

            exchange.End();

            var line = Assert.Single(harness.Lines);
            Assert.Equal(
                [new ScrubbedItem("aws-access-key-id", "body", 2, "0123456789ab"), new ScrubbedItem("email", "header:X-User", 1, "ba9876543210")],
                line.Scrubbed);
            Assert.Equal((201, 7L, 12L, "allowed; forward-error: ResponseBodyClient"), (line.Status, line.BytesOut, line.BytesIn, line.Reason));
            Assert.Contains("\"scrubbed\":[{\"rule\":\"aws-access-key-id\",\"where\":\"body\",\"count\":2,\"hash\":\"0123456789ab\"}", line.ToJson(), StringComparison.Ordinal);
        }
    }

    public sealed class Transforms
    {
        [Fact]
        public async Task Apply_transform_stops_later_transforms_do_not_run_and_the_line_is_a_denial()
        {
            var harness = new StageHarness();
            var ran = new List<string>();
            var exchange = await StageHarness.ApplyAsync(
                harness.Request("POST", "https://api.test/v1/messages", body: "{}"),
                new DelegateTransform(_ => ran.Add("first")),
                new DelegateTransform(e => { ran.Add("blocks"); e.Stop(Blocked); }),
                new DelegateTransform(_ => ran.Add("never")));

            exchange.End();

            Assert.Equal(["first", "blocks"], ran);
            Assert.True(exchange.IsStopped);
            var line = Assert.Single(harness.Lines);
            Assert.Equal((false, 403, "a test rule stopped it"), (line.Allowed, line.Status, line.Reason));
        }

        [Fact]
        public async Task Apply_transform_throws_stops_the_exchange_with_500_and_quotes_no_message()
        {
            var harness = new StageHarness();
            var ran = false;
            var exchange = await StageHarness.ApplyAsync(
                harness.Request("POST", "https://api.test/v1/messages", body: "{}"),
                new DelegateTransform(_ => throw new InvalidOperationException("the value was hunter2")),
                new DelegateTransform(_ => ran = true));

            Assert.False(ran);
            Assert.Equal((500, TransformPipeline.FailedRule), (exchange.Status, exchange.Decision.Rule));
            Assert.Equal("DelegateTransform failed (InvalidOperationException); the request was not forwarded", exchange.Decision.Reason);
        }

        [Fact]
        public async Task Apply_transform_rewrites_header_path_and_body_the_request_carries_the_changes()
        {
            var harness = new StageHarness();
            var exchange = await StageHarness.ApplyAsync(
                harness.Request("POST", "https://api.test/v1/a?k=v", new Dictionary<string, string> { ["x-api-key"] = "sentinel" }, body: "abc"),
                new DelegateTransform(e =>
                {
                    var request = e.Http!.Request;
                    request.Headers["x-api-key"] = "real";
                    request.Path = "/v1/b";
                    request.Body = new MemoryStream("xyz!"u8.ToArray());
                    request.ContentLength = 4;
                }));

            var request = exchange.Http!.Request;
            using var reader = new StreamReader(request.Body);
            Assert.Equal(("real", "/v1/b", "?k=v", "xyz!"), (request.Headers["x-api-key"].ToString(), request.Path.Value, request.QueryString.Value, await reader.ReadToEndAsync(TestContext.Current.CancellationToken)));
            Assert.Equal("https://api.test/v1/a?k=[REDACTED]", exchange.Target.Url); // the line records what the agent sent
        }

        [Fact]
        public async Task AnnounceAsync_log_cannot_be_written_stops_the_exchange_with_503()
        {
            var harness = new StageHarness { FailAnnouncements = true };
            var exchange = harness.Request("GET", "http://api.test/");

            Assert.False(await exchange.AnnounceAsync());
            exchange.End();

            Assert.Equal((false, 503, AuditLogStage.Rule), (exchange.Decision.Allowed, exchange.Status, exchange.Decision.Rule));
            Assert.Equal("network.jsonl cannot be written; egress is refused", Assert.Single(harness.Lines).Reason);
        }

        [Fact]
        public async Task AnnounceAsync_allowed_writes_the_forwarding_line_before_the_final_one()
        {
            var harness = new StageHarness();
            var exchange = harness.Request("GET", "http://api.test/");

            Assert.True(await exchange.AnnounceAsync());
            exchange.Status = 200;
            exchange.End();

            Assert.Equal([(NetworkLogEntry.PhaseForwarding, 0), (null, 200)], harness.Lines.Select(l => (l.Phase, l.Status)));
        }
    }
}
