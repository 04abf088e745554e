using System.Globalization;
using System.Text;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Exchanges;
using Xunit;
using static Vibedom.Proxy.Tests.Dlp.DlpUnderTest;

namespace Vibedom.Proxy.Tests.Dlp;

/// <summary>The request transform on synthetic exchanges: where it looks, how it frames, what each mode does.</summary>
public sealed class DlpRequestTransformTests
{
    [Fact]
    public async Task A_secret_in_path_query_key_query_value_and_header_is_replaced_and_each_place_is_recorded()
    {
        var dlp = new DlpUnderTest();
        var exchange = dlp.Harness.Request("GET", $"https://api.test/keys/{Aws}?{Aws}=1&mail={Uri.EscapeDataString(Email)}",
            new Dictionary<string, string> { ["X-Api-Key"] = Aws, ["Accept-Encoding"] = "gzip" });

        await dlp.ApplyAsync(exchange);

        var request = exchange.Http!.Request;
        var sent = request.Path.ToUriComponent() + request.QueryString.Value + request.Headers["X-Api-Key"];
        Assert.DoesNotContain(Aws, sent, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", Uri.UnescapeDataString(sent), StringComparison.Ordinal);
        Assert.Contains("REDACTED_", request.Headers["X-Api-Key"].ToString(), StringComparison.Ordinal);
        Assert.Equal("identity", request.Headers.AcceptEncoding.ToString()); // responses are scanned: ask for no compression
        Assert.False(exchange.IsStopped);
        var places = exchange.Scrubbed.Select(s => s.Where).ToHashSet();
        Assert.Superset(new HashSet<string> { "url", "query", "header:x-api-key" }, places);
        Assert.All(exchange.Scrubbed, s => Assert.Matches("^[0-9a-f]{12}$", s.Hash));
    }

    [Fact]
    public async Task A_body_with_a_length_is_scrubbed_and_sent_with_its_exact_new_length()
    {
        var dlp = new DlpUnderTest();
        var exchange = dlp.Harness.Request("POST", "https://api.test/upload", body: $"{{\"key\":\"{Aws}\",\"note\":\"hi\"}}");

        await dlp.ApplyAsync(exchange);

        var request = exchange.Http!.Request;
        var body = await ReadAllAsync(request.Body);
        Assert.Equal(body.Length, request.ContentLength);
        Assert.DoesNotContain(Aws, Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Contains("[REDACTED_", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Contains(exchange.Scrubbed, s => s.Where == "body");
    }

    [Fact]
    public async Task A_gzip_body_is_decoded_scrubbed_and_sent_as_identity()
    {
        var dlp = new DlpUnderTest();
        var exchange = dlp.Harness.Request("POST", "https://api.test/upload");
        var request = exchange.Http!.Request;
        var gzip = Gzip($"token={Aws}\n");
        request.Body = new MemoryStream(gzip);
        request.ContentLength = gzip.Length;
        request.Headers.ContentEncoding = "gzip";

        await dlp.ApplyAsync(exchange);

        var body = Encoding.UTF8.GetString(await ReadAllAsync(request.Body));
        Assert.StartsWith("token=[REDACTED_", body, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), request.ContentLength);
        Assert.Equal(0, request.Headers.ContentEncoding.Count);
    }

    [Fact]
    public async Task A_clean_body_compressed_or_not_passes_byte_identical_with_its_headers()
    {
        var dlp = new DlpUnderTest();
        var exchange = dlp.Harness.Request("POST", "https://api.test/upload");
        var request = exchange.Http!.Request;
        var gzip = Gzip("{\"id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\",\"sha\":\"2dc037e9a1b3c4d5e6f708192a3b4c5d6e7f8091\"}\n");
        request.Body = new MemoryStream(gzip);
        request.ContentLength = gzip.Length;
        request.Headers.ContentEncoding = "gzip";

        await dlp.ApplyAsync(exchange);

        Assert.Equal(gzip, await ReadAllAsync(request.Body));
        Assert.Equal("gzip", request.Headers.ContentEncoding.ToString());
        Assert.Empty(exchange.Scrubbed);
    }

    [Fact]
    public async Task A_body_without_a_length_streams_through_the_scrubber_and_leaves_chunked()
    {
        var dlp = new DlpUnderTest();
        var exchange = dlp.Harness.Request("POST", "https://api.test/upload");
        var request = exchange.Http!.Request;
        request.Body = new MemoryStream(Encoding.UTF8.GetBytes($"line one\nkey {Aws}\nline three\n"));

        await dlp.ApplyAsync(exchange);

        Assert.Null(request.ContentLength);
        var body = Encoding.UTF8.GetString(await ReadAllAsync(request.Body));
        Assert.StartsWith("line one\nkey [REDACTED_", body, StringComparison.Ordinal);
        Assert.EndsWith("\nline three\n", body, StringComparison.Ordinal);
        exchange.End();
        Assert.Contains(dlp.Harness.Lines[^1].Scrubbed, s => s.Where == "body");
    }

    [Fact]
    public async Task Block_mode_stops_the_request_naming_the_rule_and_never_the_value()
    {
        var dlp = new DlpUnderTest(new DlpSettings { Secrets = DlpMode.Block });
        var exchange = dlp.Harness.Request("POST", "https://api.test/upload", body: $"hello {Aws}\n");

        await dlp.ApplyAsync(exchange);

        Assert.True(exchange.IsStopped);
        Assert.Equal(403, exchange.Decision.StatusCode);
        Assert.StartsWith(DlpFindings.RulePrefix, exchange.Decision.Rule, StringComparison.Ordinal);
        Assert.DoesNotContain(Aws, exchange.Decision.Reason + exchange.Decision.Rule, StringComparison.Ordinal);
        exchange.End();
        Assert.False(dlp.Harness.Lines[^1].Allowed);
    }

    [Fact]
    public async Task Block_mode_refuses_a_body_of_unknown_length_larger_than_it_can_hold_with_413()
    {
        var dlp = new DlpUnderTest(new DlpSettings { Pii = DlpMode.Block });
        var exchange = dlp.Harness.Request("POST", "https://api.test/upload");
        exchange.Http!.Request.Body = new MemoryStream(new byte[DlpRequestTransform.BufferLimit + 1]);

        await dlp.ApplyAsync(exchange);

        Assert.Equal((413, DlpRequestTransform.TooLargeRule), (exchange.Decision.StatusCode, exchange.Decision.Rule));
    }

    /// <summary>
    /// Red team s27: a declared length past the session's whole bound (64 MiB) was refused as busy (503, "retry when
    /// they have finished"), which no retry ever passes, and one under it reserved its whole declared length.
    /// </summary>
    [Fact]
    public async Task Block_mode_refuses_a_body_declared_larger_than_it_can_hold_with_413_not_busy()
    {
        var dlp = new DlpUnderTest(new DlpSettings { Pii = DlpMode.Block });
        var exchange = dlp.Harness.Request("POST", "https://api.test/upload");
        exchange.Http!.Request.ContentLength = 100L << 20;
        exchange.Http.Request.Body = new MemoryStream(new byte[16]);

        await dlp.ApplyAsync(exchange);

        Assert.Equal((413, DlpRequestTransform.TooLargeRule), (exchange.Decision.StatusCode, exchange.Decision.Rule));
    }

    /// <summary>
    /// Red team s27: a line held one scrubbed item per distinct value, so a body of distinct e-mail addresses made one
    /// network.jsonl line of megabytes (past the log's bound by that much; a streamed body has no size bound at all).
    /// </summary>
    [Fact]
    public async Task A_body_of_many_distinct_values_is_recorded_in_a_bounded_number_of_items_that_count_them_all()
    {
        var dlp = new DlpUnderTest();
        var body = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            body.Append(CultureInfo.InvariantCulture, $"user{i}@example.org\n");
        }

        var exchange = dlp.Harness.Request("POST", "https://api.test/upload", body: body.ToString());

        await dlp.ApplyAsync(exchange);
        exchange.End();

        var scrubbed = dlp.Harness.Lines[^1].Scrubbed;
        Assert.InRange(scrubbed.Count, 1, Exchange.ScrubbedItemLimit + 1);
        Assert.Contains(scrubbed, s => s.Hash == Exchange.ManyValuesHash);
        Assert.Equal(20_000, scrubbed.Sum(s => s.Count));
        Assert.True(dlp.Harness.Lines[^1].ToJson().Length < 64 * 1024, $"one line of {dlp.Harness.Lines[^1].ToJson().Length} chars");
    }

    [Fact]
    public async Task Log_mode_forwards_the_body_unchanged_and_records_what_it_found()
    {
        var dlp = new DlpUnderTest(new DlpSettings { Secrets = DlpMode.Log, Pii = DlpMode.Log });
        var text = $"hello {Aws} and {Email}\n";
        var exchange = dlp.Harness.Request("POST", "https://api.test/upload", body: text);

        await dlp.ApplyAsync(exchange);

        Assert.Equal(text, Encoding.UTF8.GetString(await ReadAllAsync(exchange.Http!.Request.Body)));
        Assert.False(exchange.IsStopped);
        Assert.True(exchange.Scrubbed.Count >= 2);
        Assert.Contains("log mode", exchange.Notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pii_off_leaves_an_email_alone_while_secrets_are_still_scrubbed()
    {
        var dlp = new DlpUnderTest(new DlpSettings { Pii = DlpMode.Off });
        var exchange = dlp.Harness.Request("POST", "https://api.test/upload", body: $"{Email} {Aws}\n");

        await dlp.ApplyAsync(exchange);

        var body = Encoding.UTF8.GetString(await ReadAllAsync(exchange.Http!.Request.Body));
        Assert.StartsWith(Email + " [REDACTED_", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_in_an_encoding_dlp_cannot_read_is_refused_with_415()
    {
        var dlp = new DlpUnderTest();
        var exchange = dlp.Harness.Request("POST", "https://api.test/upload", new Dictionary<string, string> { ["Content-Encoding"] = "zstd" }, body: "x");

        await dlp.ApplyAsync(exchange);

        Assert.Equal((415, DlpRequestTransform.EncodingRule), (exchange.Decision.StatusCode, exchange.Decision.Rule));
    }

    [Fact]
    public async Task A_high_risk_secret_is_reported_for_session_log_by_rule_and_hash_only()
    {
        var dlp = new DlpUnderTest();
        var exchange = dlp.Harness.Request("POST", "https://api.test/upload", body: $"k={Aws}\n");

        await dlp.ApplyAsync(exchange);

        var report = await dlp.Diagnostics.WaitForAsync(5010);
        Assert.Contains("aws", report.Message, StringComparison.Ordinal);
        Assert.Contains(exchange.Scrubbed[0].Hash, report.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Aws, report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connect_is_left_to_its_tunnel_requests()
    {
        var dlp = new DlpUnderTest(new DlpSettings { Secrets = DlpMode.Block });
        var exchange = await StageHarnessApply(dlp, dlp.Harness.Connect(Aws.ToLowerInvariant() + ".api.test", 443));

        Assert.False(exchange.IsStopped);
    }

    private static Task<Proxy.Exchanges.Exchange> StageHarnessApply(DlpUnderTest dlp, Proxy.Exchanges.Exchange exchange) => dlp.ApplyAsync(exchange);

    [Fact]
    public async Task A_header_whose_name_holds_a_secret_is_dropped_in_scrub_mode_and_recorded_without_the_name()
    {
        var dlp = new DlpUnderTest();
        var exchange = dlp.Harness.Request("GET", "https://api.test/", new Dictionary<string, string> { ["X-" + Aws] = "1", ["X-Clean"] = "ok" });

        await dlp.ApplyAsync(exchange);

        var request = exchange.Http!.Request;
        Assert.DoesNotContain(request.Headers.Keys, name => name.Contains(Aws, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("ok", request.Headers["X-Clean"].ToString());
        Assert.False(exchange.IsStopped);
        var item = Assert.Single(exchange.Scrubbed);
        Assert.Equal(DlpRequestTransform.HeaderNameWhere, item.Where);
    }

    [Fact]
    public async Task A_header_whose_name_holds_a_secret_is_refused_in_block_mode_and_kept_in_log_mode_without_naming_it()
    {
        var blocked = new DlpUnderTest(new DlpSettings { Secrets = DlpMode.Block });
        var refused = await blocked.ApplyAsync(blocked.Harness.Request("GET", "https://api.test/", new Dictionary<string, string> { ["X-" + Aws] = "1" }));
        Assert.True(refused.IsStopped);
        Assert.Equal(403, refused.Decision.StatusCode);
        Assert.Contains(DlpRequestTransform.HeaderNameWhere, refused.Decision.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Aws, refused.Decision.Reason, StringComparison.OrdinalIgnoreCase);

        var logged = new DlpUnderTest(new DlpSettings { Secrets = DlpMode.Log });
        var passed = await logged.ApplyAsync(logged.Harness.Request("GET", "https://api.test/", new Dictionary<string, string> { ["X-" + Aws] = Aws }));
        Assert.False(passed.IsStopped);
        Assert.True(passed.Http!.Request.Headers.ContainsKey("X-" + Aws));
        Assert.Equal(2, passed.Scrubbed.Count);
        Assert.All(passed.Scrubbed, s => Assert.Equal(DlpRequestTransform.HeaderNameWhere, s.Where)); // the name is never a place
    }
}
