using System.Text;
using Xunit;
using static Vibedom.Proxy.Tests.Dlp.DlpUnderTest;

namespace Vibedom.Proxy.Tests.Dlp;

/// <summary>
/// What one transform does across requests (it remembers the header and URL texts it found clean, and reads a body
/// straight into an array of its declared length): every request is scrubbed and recorded as if it were the first.
/// </summary>
public sealed class DlpRequestRepeatTests
{
    [Fact]
    public async Task A_secret_header_sent_again_is_replaced_and_recorded_each_time()
    {
        var dlp = new DlpUnderTest();
        for (var i = 0; i < 3; i++)
        {
            var exchange = dlp.Harness.Request("GET", $"https://api.test/keys/{Aws}?mail={Uri.EscapeDataString(Email)}",
                new Dictionary<string, string> { ["X-Api-Key"] = Aws, ["User-Agent"] = "agent/1.0" });

            await dlp.ApplyAsync(exchange);

            var request = exchange.Http!.Request;
            Assert.DoesNotContain(Aws, request.Headers["X-Api-Key"].ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Aws, request.Path.ToUriComponent(), StringComparison.Ordinal);
            Assert.DoesNotContain("jane.doe", Uri.UnescapeDataString(request.QueryString.Value!), StringComparison.Ordinal);
            Assert.Equal("agent/1.0", request.Headers.UserAgent.ToString());
            var places = exchange.Scrubbed.Select(s => s.Where).ToHashSet();
            Assert.Superset(new HashSet<string> { "url", "query", "header:x-api-key" }, places);
        }
    }

    [Fact]
    public async Task A_header_clean_before_is_scanned_again_when_a_secret_is_added_to_it()
    {
        var dlp = new DlpUnderTest();
        var clean = "session=" + new string('a', 40);
        var first = dlp.Harness.Request("GET", "https://api.test/", new Dictionary<string, string> { ["X-Note"] = clean });
        await dlp.ApplyAsync(first);
        var second = dlp.Harness.Request("GET", "https://api.test/", new Dictionary<string, string> { ["X-Note"] = clean + " " + Aws });

        await dlp.ApplyAsync(second);

        Assert.Equal(clean, first.Http!.Request.Headers["X-Note"].ToString());
        Assert.Empty(first.Scrubbed);
        Assert.DoesNotContain(Aws, second.Http!.Request.Headers["X-Note"].ToString(), StringComparison.Ordinal);
        Assert.Contains(second.Scrubbed, s => s.Where == "header:x-note");
    }

    [Fact]
    public async Task A_clean_body_with_its_length_leaves_byte_identical_and_a_secret_in_the_same_body_does_not()
    {
        var dlp = new DlpUnderTest();
        var filler = string.Concat(Enumerable.Repeat("{\"role\":\"user\",\"content\":\"run the tests\"},", 1500));
        foreach (var (text, secret) in new[] { (filler, false), (filler + Aws, true), (filler, false) })
        {
            var exchange = dlp.Harness.Request("POST", "https://api.test/upload", body: text);

            await dlp.ApplyAsync(exchange);

            var sent = await ReadAllAsync(exchange.Http!.Request.Body);
            Assert.Equal(sent.Length, exchange.Http.Request.ContentLength);
            if (secret)
            {
                Assert.EndsWith("[REDACTED_AWS-ACCESS-KEY-ID]", Encoding.UTF8.GetString(sent), StringComparison.Ordinal);
                Assert.Contains(exchange.Scrubbed, s => s.Where == "body");
            }
            else
            {
                Assert.Equal(Encoding.UTF8.GetBytes(text), sent);
                Assert.Empty(exchange.Scrubbed);
            }
        }
    }

    [Fact]
    public async Task A_conversation_re_sent_turn_by_turn_is_scrubbed_and_recorded_in_every_turn()
    {
        // the transform's engine knows the bodies it read whole (KnownBodies) and scans only what a turn adds: a value
        // an earlier turn brought is still replaced and recorded in every later request, a new one in its own
        var dlp = new DlpUnderTest();
        var tools = string.Concat(Enumerable.Repeat("{\"name\":\"Bash\",\"description\":\"Runs a shell command and returns its output.\"},", 500));
        List<string> turns = [.. Enumerable.Range(0, 40).Select(i => $"{{\"role\":\"user\",\"content\":\"step {i}: run the tests and fix the parser\"}}")];
        string Body() => "{\"messages\":[" + string.Join(',', turns) + "],\"tools\":[" + tools + "{}]}";
        for (var turn = 0; turn < 6; turn++)
        {
            if (turn == 2)
            {
                turns.Add($"{{\"role\":\"user\",\"content\":\"the key is {Aws}\"}}");
            }
            else
            {
                turns.Add($"{{\"role\":\"user\",\"content\":\"turn {turn}{(turn == 4 ? " mail " + Email : string.Empty)}\"}}");
            }

            var text = Body();
            var exchange = dlp.Harness.Request("POST", "https://api.test/v1/messages", body: text);

            await dlp.ApplyAsync(exchange);

            var sent = Encoding.UTF8.GetString(await ReadAllAsync(exchange.Http!.Request.Body));
            Assert.Equal(Encoding.UTF8.GetByteCount(sent), exchange.Http.Request.ContentLength);
            Assert.Equal(text.Replace(Aws, "[REDACTED_AWS-ACCESS-KEY-ID]", StringComparison.Ordinal).Replace(Email, "[REDACTED_EMAIL]", StringComparison.Ordinal), sent);
            Assert.Equal(turn >= 2, exchange.Scrubbed.Any(s => s.Rule == "aws-access-key-id" && s.Where == "body" && s.Count == 1));
            Assert.Equal(turn >= 4, exchange.Scrubbed.Any(s => s.Rule == "email" && s.Where == "body"));
        }
    }

    [Fact]
    public async Task A_body_longer_than_its_content_length_is_scanned_to_its_end()
    {
        var dlp = new DlpUnderTest();
        var exchange = dlp.Harness.Request("POST", "https://api.test/upload");
        var request = exchange.Http!.Request;
        var body = Encoding.UTF8.GetBytes(new string('x', 1000) + " " + Aws + " end");
        request.Body = new MemoryStream(body);
        request.ContentLength = 1000; // what a stage before DLP may leave: the stream is what is sent

        await dlp.ApplyAsync(exchange);

        var sent = Encoding.UTF8.GetString(await ReadAllAsync(request.Body));
        Assert.Equal(new string('x', 1000) + " [REDACTED_AWS-ACCESS-KEY-ID] end", sent);
        Assert.Equal(Encoding.UTF8.GetByteCount(sent), request.ContentLength);
    }
}
