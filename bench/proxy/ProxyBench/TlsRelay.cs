using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Vibedom.Proxy.Tls;

namespace Vibedom.Proxy.Bench;

/// <summary>
/// The floor under the proxy rows: a CONNECT relay that does only what no intercepting proxy can skip. It answers
/// CONNECT, terminates the client's TLS with a leaf of the bench's proxy CA, opens TLS to the upstream (verified against
/// the bench upstream CA), and copies decrypted bytes both ways in 32 KiB reads: no HTTP parsing, no allowlist, no audit
/// line, no DLP. hey drives it like the proxies, so its CPU per request is what .NET's sockets and SslStream cost for the
/// same exchange on this machine.
/// </summary>
internal static class TlsRelay
{
    public static async Task<int> RunAsync(string dir, int port)
    {
        using var leaf = MintLeaf(dir);
        var context = SslStreamCertificateContext.Create(leaf, null, offline: true);
        var upstreamCa = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(dir, "upstream-ca.pem"));
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(512);
        Console.WriteLine("ready");
        using var stop = new CancellationTokenSource();
        using var registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        try
        {
            while (true)
            {
                var client = await listener.AcceptAsync(stop.Token);
                _ = Task.Run(() => ServeAsync(client, context, upstreamCa));
            }
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }

    private static async Task ServeAsync(Socket client, SslStreamCertificateContext context, X509Certificate2 upstreamCa)
    {
        client.NoDelay = true;
        await using var clientStream = new NetworkStream(client, ownsSocket: true);
        try
        {
            var (host, port) = await ReadConnectAsync(clientStream);
            await clientStream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray());
            await using var clientTls = new SslStream(clientStream);
            await clientTls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = context,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            });
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await upstream.ConnectAsync(IPAddress.Loopback, port);
            await using var upstreamTls = new SslStream(new NetworkStream(upstream, ownsSocket: true));
            await upstreamTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { upstreamCa },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            });
            await Task.WhenAny(CopyAsync(clientTls, upstreamTls), CopyAsync(upstreamTls, clientTls));
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or InvalidDataException)
        {
            // the client or upstream left: the bench only counts 200s
        }
    }

    private static async Task CopyAsync(Stream from, Stream to)
    {
        var buffer = new byte[32 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read));
        }
    }

    private static async Task<(string Host, int Port)> ReadConnectAsync(Stream stream)
    {
        var header = new List<byte>();
        var one = new byte[1];
        while (header.Count < 4 || !(header[^4] == '\r' && header[^3] == '\n' && header[^2] == '\r' && header[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0 || header.Count > 8192)
            {
                throw new InvalidDataException("no CONNECT");
            }

            header.Add(one[0]);
        }

        var target = Encoding.ASCII.GetString([.. header]).Split(' ')[1];
        var colon = target.LastIndexOf(':');
        return (target[..colon], int.Parse(target[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static X509Certificate2 MintLeaf(string dir)
    {
        using var ca = X509Certificate2.CreateFromPemFile(
            Path.Combine(dir, "ca", CertificateAuthority.CertificateFileName), Path.Combine(dir, "ca", CertificateAuthority.KeyFileName));
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var issued = request.Create(ca, now.AddDays(-1), now.AddDays(7), [1, 2, 3, 4, 5, 6, 7, 8]);
        return issued.CopyWithPrivateKey(key);
    }
}
