using System.Net.Http.Headers;
using System.Text;
using Vibedom.Proxy.Dlp;
using Vibedom.Scanning;
using Vibedom.Scanning.Dlp;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Proxy.Tests.Dlp;

/// <summary>The read-ahead of a short body: one scan instead of the streaming windows, with the streamed output.</summary>
public sealed class ScrubbingStreamTests
{
    // every body scanned for itself: an engine that knows a body scans it no more (KnownBodiesTests)
    private static readonly DlpEngine Engine = DlpEngine.Create(CompiledRules.Defaults, [], DlpPolicy.ReplaceAll, DlpLimits.Default with { KnownBodies = 0 });

    /// <summary>A clean one-line JSON body of about 60 KB (no line end: the streaming windows hold and re-scan it).</summary>
    private static string Json(int bytes)
    {
        var builder = new StringBuilder("{\"messages\":[");
        for (var i = 0; builder.Length < bytes; i++)
        {
            builder.Append("{\"role\":\"user\",\"content\":\"refactor Sum(xs) and run the tests ").Append(i).Append("\\n\"},");
        }

        return builder.Append("{}]}").ToString();
    }

    /// <summary>Reads the whole stream through a <see cref="ScrubbingStream"/> whose source returns 16 KB per read, as a TLS connection does.</summary>
    private static async Task<(byte[] Output, long Scanned)> ReadThrough(byte[] body, int wholeUpTo, int readSize = 16 << 10)
    {
        var scrubber = Engine.CreateBodyScrubber();
        await using var stream = new ScrubbingStream(new ShortReadStream(body), scrubber, _ => { }, wholeUpTo);
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return (output.ToArray(), scrubber.ScannedBytes);
    }

    [Fact]
    public async Task A_short_body_read_ahead_is_scanned_once_and_leaves_byte_identical()
    {
        var body = Encoding.UTF8.GetBytes(Json(60 << 10));

        var (whole, scannedWhole) = await ReadThrough(body, DlpResponseTransform.WholeLimit);
        var (streamed, scannedStreamed) = await ReadThrough(body, wholeUpTo: 0);

        Assert.Equal(body, whole);
        Assert.Equal(body, streamed);
        Assert.Equal(body.Length, scannedWhole);
        Assert.True(scannedStreamed > body.Length * 14L / 10, $"the streaming windows scanned {scannedStreamed} bytes of {body.Length}");
    }

    [Theory]
    [InlineData(20 << 10)]
    [InlineData((256 << 10) - 30)]
    [InlineData(400 << 10)]
    public async Task A_secret_anywhere_in_a_body_read_ahead_or_longer_is_replaced_as_when_streamed(int at)
    {
        var text = Json(at) + "{\"key\":\"" + TestSecrets.AwsAccessKeyId + "\"}" + Json(40 << 10);
        var body = Encoding.UTF8.GetBytes(text);

        var (readAhead, _) = await ReadThrough(body, DlpResponseTransform.WholeLimit);
        var (streamed, _) = await ReadThrough(body, wholeUpTo: 0);

        Assert.Equal(streamed, readAhead);
        Assert.DoesNotContain(TestSecrets.AwsAccessKeyId, Encoding.UTF8.GetString(readAhead), StringComparison.Ordinal);
        Assert.Contains("[REDACTED_AWS-ACCESS-KEY-ID]", Encoding.UTF8.GetString(readAhead), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(70_000)]
    public async Task A_body_read_ahead_leaves_whole_in_reads_of_any_size_changed_or_not(int readSize)
    {
        var clean = Encoding.UTF8.GetBytes(Json(60 << 10));
        var dirty = Encoding.UTF8.GetBytes(Json(30 << 10) + "{\"key\":\"" + TestSecrets.AwsAccessKeyId + "\"}" + Json(30 << 10));

        var (cleanOut, _) = await ReadThrough(clean, DlpResponseTransform.WholeLimit, readSize);
        var (dirtyOut, _) = await ReadThrough(dirty, DlpResponseTransform.WholeLimit, readSize);
        var (dirtyStreamed, _) = await ReadThrough(dirty, wholeUpTo: 0);

        Assert.Equal(clean, cleanOut);
        Assert.Equal(dirtyStreamed, dirtyOut);
        Assert.Contains("[REDACTED_AWS-ACCESS-KEY-ID]", Encoding.UTF8.GetString(dirtyOut), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_read_ahead_and_unchanged_is_read_to_its_end_once_and_reports_its_hits_once()
    {
        var body = Encoding.UTF8.GetBytes(Json(60 << 10));
        var reports = 0;
        var stream = new ScrubbingStream(new ShortReadStream(body), Engine.CreateBodyScrubber(), _ => reports++, DlpResponseTransform.WholeLimit);
        var buffer = new byte[100 << 10];

        var first = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
        var second = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
        await stream.DisposeAsync();

        Assert.Equal(body.Length, first);
        Assert.Equal(0, second);
        Assert.Equal(1, reports);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.ReadAsync(buffer, TestContext.Current.CancellationToken).AsTask());
    }

    [Theory]
    [InlineData("application/json", 60_000L, DlpResponseTransform.WholeLimit)]
    [InlineData("text/html", 256L * 1024, DlpResponseTransform.WholeLimit)]
    [InlineData("application/json", 256L * 1024 + 1, 0)]
    [InlineData("application/json", null, 0)]
    [InlineData("text/event-stream", 60_000L, 0)]
    [InlineData("application/x-ndjson", 60_000L, 0)]
    public void Only_a_short_body_of_declared_length_that_is_not_an_event_stream_is_read_ahead(string type, long? length, int expected)
    {
        using var content = new StreamContent(Stream.Null);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        content.Headers.ContentLength = length;

        Assert.Equal(expected, DlpResponseTransform.ReadAhead(content.Headers));
    }
}
