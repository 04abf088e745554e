using System.Diagnostics;
using System.Globalization;
using System.Net;
using Vibedom.Bench;

namespace Vibedom.Proxy.Bench;

/// <summary>
/// The load of an agent's conversation, which hey cannot send (it posts one file): CONC clients through the proxy,
/// each posting a conversation's bodies in order (the files of DIR, captured from a real agent by
/// bench/proxy/capture-claude.sh), a new conversation each round (a mark at the start of its first message), so no body
/// is ever sent twice. Prints hey's summary lines (<c>Requests/sec:</c>, <c>[200]</c>), which run.sh reads.
/// Certificates are not checked, as hey does not check them.
/// </summary>
internal static class ConversationLoad
{
    public static async Task<int> RunAsync(string proxy, string url, string dir, double seconds, int clients)
    {
        var turns = BenchBodies.Conversation(dir);
        if (turns.Length == 0)
        {
            Console.Error.WriteLine($"no *.json bodies in {dir}");
            return 2;
        }

        using var handler = new SocketsHttpHandler
        {
            Proxy = new WebProxy(proxy),
            UseProxy = true,
            MaxConnectionsPerServer = clients,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var ok = 0L;
        var failed = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            for (var round = 0; clock.Elapsed.TotalSeconds < seconds; round++)
            {
                foreach (var turn in turns)
                {
                    if (clock.Elapsed.TotalSeconds >= seconds)
                    {
                        break;
                    }

                    using var content = new ByteArrayContent(BenchBodies.Marked(turn, $"c{c}r{round} "));
                    content.Headers.ContentType = new("application/json");
                    try
                    {
                        using var response = await client.PostAsync(url, content).ConfigureAwait(false);
                        await response.Content.CopyToAsync(Stream.Null).ConfigureAwait(false);
                        Interlocked.Increment(ref response.StatusCode == HttpStatusCode.OK ? ref ok : ref failed);
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            }
        })).ConfigureAwait(false);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Requests/sec:\t{(ok + failed) / clock.Elapsed.TotalSeconds:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [200]\t{ok} responses"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  failed\t{failed}"));
        return 0;
    }
}
