using System.Net;
using System.Net.Sockets;
using Vibedom.Core.Processes;
using Vibedom.Proxy.Ssh;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Ssh;

/// <summary>The watch over the real bytes of OpenSSH's ssh talking to a real sshd, relayed through the test on 127.0.0.1.</summary>
public sealed class SshHostKeyWatchOpenSshTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("curve25519-sha256")]
    [InlineData("ecdh-sha2-nistp256")]
    [InlineData("diffie-hellman-group14-sha256")]
    [InlineData("diffie-hellman-group-exchange-sha256")]
    public async Task A_real_key_exchange_yields_the_servers_own_host_key(string? kex)
    {
        await using var server = await SshServer.StartAsync("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl unused");
        var expected = Convert.FromBase64String(File.ReadAllText(server.HostPublicKeyPath).Trim().Split(' ')[1]);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var watch = new SshHostKeyWatch();
        var relay = RelayOnceAsync(listener, server.Port, watch);

        var arguments = new List<string> { "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-p", ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (kex is not null)
        {
            arguments.AddRange(["-o", "KexAlgorithms=" + kex]);
        }

        arguments.AddRange(["git@127.0.0.1", "true"]);
        await ProcessRunner.Default.RunAsync(ProcessSpec.Of("ssh", [.. arguments]), TestContext.Current.CancellationToken);
        await relay;

        Assert.True(watch.Current == SshHostKeyWatch.State.HostKey, $"{watch.Current}: {watch.Problem}");
        Assert.Equal(expected, watch.HostKey);
    }

    private static async Task RelayOnceAsync(TcpListener listener, int port, SshHostKeyWatch watch)
    {
        using var client = await listener.AcceptSocketAsync(TestContext.Current.CancellationToken);
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await upstream.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        await Task.WhenAll(
            CopyAsync(client, upstream, b => watch.FeedClient(b.Span)),
            CopyAsync(upstream, client, b => watch.Feed(b.Span)));
    }

    private static async Task CopyAsync(Socket from, Socket to, Action<ReadOnlyMemory<byte>> observe)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                observe(buffer.AsMemory(0, n));
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
    }
}
