using System.Net.Sockets;
using Vibedom.Proxy.Tests.Infrastructure;
using Xunit;

namespace Vibedom.Proxy.Tests.RedTeam;

/// <summary>What the memory attack tests share: a raw connection to the proxy, and the live heap's settled growth.</summary>
internal static class ProxyMemoryProbe
{
    public static async Task<TcpClient> ConnectAsync(ProxyUnderTest proxy)
    {
        var uri = new Uri(proxy.ProxyUrl);
        var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port, TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>The live heap's growth once the proxy has read what was sent (two samples 500 ms apart within 1 MiB).</summary>
    public static async Task<long> SettledGrowthAsync(long before)
    {
        var last = -1L;
        for (var i = 0; i < 40; i++)
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            var now = GC.GetTotalMemory(forceFullCollection: true) - before;
            if (last >= 0 && Math.Abs(now - last) < 1 << 20)
            {
                return now;
            }

            last = now;
        }

        return last;
    }
}
