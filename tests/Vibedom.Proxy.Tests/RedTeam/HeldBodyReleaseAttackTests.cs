using System.Net.Sockets;
using System.Text;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.RedTeam;

/// <summary>
/// Red team s27 (held): the bodies DLP holds whole share one bound for the session; a reservation never released (the
/// client gone mid-body) would shrink it for the session's life, and in block mode refuse every later upload as busy.
/// </summary>
public sealed class HeldBodyReleaseAttackTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    private const int Declared = 4 * 1024 * 1024;

    [Fact]
    public async Task Uploads_the_agent_abandons_mid_body_give_their_share_of_the_bound_back()
    {
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", https: false,
            adjust: o => o with { Dlp = new DlpSettings { Secrets = DlpMode.Block } });
        var part = new byte[Declared / 2];
        Array.Fill(part, (byte)'a');
        for (var round = 0; round < 3; round++)
        {
            var abandoned = new List<TcpClient>();
            for (var i = 0; i < 16; i++)
            {
                var client = await ConnectAsync(proxy);
                abandoned.Add(client);
                await client.GetStream().WriteAsync(Head($"/sink?abandoned={round}-{i}", Declared), TestContext.Current.CancellationToken);
                await client.GetStream().WriteAsync(part, TestContext.Current.CancellationToken);
            }

            abandoned.ForEach(c => c.Client.Close(0)); // a reset, not a clean end
            abandoned.ForEach(c => c.Dispose());
        }

        var status = string.Empty;
        for (var attempt = 0; attempt < 50 && !status.Contains(" 200 ", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            status = await SendWholeAsync(proxy, new byte[Declared]);
        }

        Assert.Contains(" 200 ", status, StringComparison.Ordinal);
    }

    private static async Task<string> SendWholeAsync(ProxyUnderTest proxy, byte[] body)
    {
        using var client = await ConnectAsync(proxy);
        await client.GetStream().WriteAsync(Head("/sink?whole", body.Length, close: true), TestContext.Current.CancellationToken);
        await client.GetStream().WriteAsync(body, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(client.GetStream());
        return await reader.ReadLineAsync(TestContext.Current.CancellationToken) ?? string.Empty;
    }

    private static byte[] Head(string path, int length, bool close = false) => Encoding.ASCII.GetBytes(
        $"POST http://{UpstreamServer.Name}{path} HTTP/1.1\r\nHost: {UpstreamServer.Name}\r\nContent-Length: {length}\r\n{(close ? "Connection: close\r\n" : string.Empty)}\r\n");

    private static async Task<TcpClient> ConnectAsync(ProxyUnderTest proxy)
    {
        var uri = new Uri(proxy.ProxyUrl);
        var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port, TestContext.Current.CancellationToken);
        return client;
    }
}
