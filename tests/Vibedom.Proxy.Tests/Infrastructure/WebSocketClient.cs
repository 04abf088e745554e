using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Vibedom.Proxy.Tests.Infrastructure;

/// <summary>.NET's own <see cref="ClientWebSocket"/> (a real RFC 6455 client: masking, fragments, close handshake) through a <see cref="ProxyUnderTest"/>, trusting its CA.</summary>
internal static class WebSocketClient
{
    public static async Task<ClientWebSocket> ConnectAsync(ProxyUnderTest proxy, string url, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.Proxy = new WebProxy(proxy.ProxyUrl);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(proxy.CaPath);
        var trusted = X509CertificateLoader.LoadCertificate(ca.RawData);
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 leaf && Chains(leaf, trusted);
        configure?.Invoke(socket.Options);
        try
        {
            await socket.ConnectAsync(new Uri(url), TestTimeout());
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return socket;
    }

    /// <summary>Receives one whole message (text or binary), or the close.</summary>
    public static async Task<(WebSocketMessageType Type, string Text)> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, TestTimeout());
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, Encoding.UTF8.GetString(message.ToArray()));
            }
        }
    }

    public static Task SendTextAsync(WebSocket socket, string text, bool endOfMessage = true) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage, TestTimeout());

    /// <summary>A bound, not a timing: a test that would hang fails instead.</summary>
    public static CancellationToken TestTimeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static bool Chains(X509Certificate2 leaf, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
