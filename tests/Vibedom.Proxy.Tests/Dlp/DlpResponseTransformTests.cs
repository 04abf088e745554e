using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Vibedom.Proxy.Dlp;
using Xunit;
using static Vibedom.Proxy.Tests.Dlp.DlpUnderTest;

namespace Vibedom.Proxy.Tests.Dlp;

/// <summary>The response transform on synthetic exchanges: text-like bodies scrubbed (decoded if compressed), others relayed.</summary>
public sealed class DlpResponseTransformTests
{
    [Fact]
    public async Task A_secret_in_a_json_response_is_replaced_and_recorded_as_response_body()
    {
        var dlp = new DlpUnderTest();
        var (exchange, upstream) = Answer(dlp, new StringContent($"{{\"key\":\"{Aws}\"}}\n", Encoding.UTF8, "application/json"));

        await dlp.Response.ApplyAsync(exchange, CancellationToken.None);

        var body = await upstream.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(Aws, body, StringComparison.Ordinal);
        Assert.Contains("[REDACTED_", body, StringComparison.Ordinal);
        Assert.Null(exchange.Http!.Response.ContentLength);
        exchange.End();
        Assert.Contains(dlp.Harness.Lines[^1].Scrubbed, s => s.Where == "response-body");
    }

    [Fact]
    public async Task A_gzip_response_the_upstream_compressed_anyway_is_decoded_and_relayed_as_identity()
    {
        var dlp = new DlpUnderTest();
        var content = new ByteArrayContent(Gzip($"id: {Aws}\n"));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        content.Headers.ContentEncoding.Add("gzip");
        var (exchange, upstream) = Answer(dlp, content);

        await dlp.Response.ApplyAsync(exchange, CancellationToken.None);

        Assert.StartsWith("id: [REDACTED_", await upstream.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, exchange.Http!.Response.Headers.ContentEncoding.Count);
    }

    [Fact]
    public async Task A_binary_response_is_relayed_as_it_is()
    {
        var dlp = new DlpUnderTest();
        var bytes = Encoding.UTF8.GetBytes($"PNG {Aws}");
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var (exchange, upstream) = Answer(dlp, content);

        await dlp.Response.ApplyAsync(exchange, CancellationToken.None);

        Assert.Same(content, upstream.Content);
    }

    [Fact]
    public async Task Responses_log_mode_relays_the_value_and_records_it()
    {
        var dlp = new DlpUnderTest(new DlpSettings { Responses = DlpResponseMode.Log });
        var text = $"key {Aws}\n";
        var (exchange, upstream) = Answer(dlp, new StringContent(text, Encoding.UTF8, "text/plain"));

        await dlp.Response.ApplyAsync(exchange, CancellationToken.None);

        Assert.Equal(text, await upstream.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        exchange.End();
        Assert.NotEmpty(dlp.Harness.Lines[^1].Scrubbed);
    }

    [Fact]
    public async Task A_secret_in_the_reason_phrase_a_header_or_a_trailer_of_a_binary_response_is_replaced_and_recorded()
    {
        var dlp = new DlpUnderTest();
        var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var (exchange, _) = Answer(dlp, content);
        var http = exchange.Http!;
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>()!.ReasonPhrase = $"Found {Aws}";
        http.Response.Headers["X-Leak"] = $"id {Aws}";
        var trailers = new Microsoft.AspNetCore.Http.HeaderDictionary { ["grpc-message"] = $"key {Aws}" };

        await dlp.Response.ApplyAsync(exchange, CancellationToken.None);
        exchange.ApplyResponseTrailers(trailers);

        Assert.StartsWith("Found [REDACTED_", http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>()!.ReasonPhrase, StringComparison.Ordinal);
        Assert.StartsWith("id [REDACTED_", http.Response.Headers["X-Leak"].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("key [REDACTED_", trailers["grpc-message"].ToString(), StringComparison.Ordinal);
        Assert.Equal("image/png", http.Response.Headers.ContentType.ToString());
        exchange.End();
        Assert.Equal(["response-header:x-leak", "response-reason", "response-trailer:grpc-message"], dlp.Harness.Lines[^1].Scrubbed.Select(s => s.Where).Order());
    }

    [Fact]
    public void Responses_off_builds_no_response_engine()
    {
        Assert.Null(new DlpUnderTest(new DlpSettings { Responses = DlpResponseMode.Off }).Engines.Response);
    }

    [Theory]
    [InlineData("text/html", true)]
    [InlineData("application/json", true)]
    [InlineData("application/vnd.api+json", true)]
    [InlineData("text/event-stream", true)]
    [InlineData("application/x-ndjson", true)]
    [InlineData("application/javascript", true)]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData("application/octet-stream", false)]
    [InlineData("image/png", false)]
    [InlineData("application/zip", false)]
    public void Text_like_types_are_scanned_and_binary_ones_are_not(string type, bool scanned)
    {
        Assert.Equal(scanned, DlpResponseTransform.TextLike(new MediaTypeHeaderValue(type)));
    }

    private static (Proxy.Exchanges.Exchange Exchange, HttpResponseMessage Upstream) Answer(DlpUnderTest dlp, HttpContent content)
    {
        var exchange = dlp.Harness.Request("GET", "https://api.test/data");
        var upstream = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        foreach (var header in content.Headers)
        {
            exchange.Http!.Response.Headers[header.Key] = header.Value.ToArray();
        }

        exchange.UpstreamResponse = upstream;
        return (exchange, upstream);
    }
}
