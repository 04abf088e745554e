using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Infrastructure;

/// <summary>
/// A hostile bound host for the credential tests: HTTPS on 127.0.0.1 (HTTP/1.1 only, certificate from a run-time test CA),
/// written byte by byte so it can answer what Kestrel would never send. Each request's <c>x-api-key</c> value (what the
/// proxy put there) is reflected where the path says: <c>/reason</c> in the status line's reason phrase,
/// <c>/early-hints</c> in a 103's header before the 200, <c>/transfer-gzip</c> in a gzip body sent with
/// <c>Transfer-Encoding: gzip, chunked</c> (no Content-Encoding), <c>/bad-encoding</c> in a gzip body whose
/// Content-Encoding value .NET cannot parse, <c>/trailer</c>
/// in a trailer of a chunked body.
/// </summary>
public sealed class RawReflectingServer : IAsyncLifetime
{
    public const string Name = "reflect.test";

    private readonly TempDirectory _directory = new("vibedom-reflect");
    private readonly CancellationTokenSource _stop = new();
    private TestPki? _pki;
    private TcpListener? _listener;
    private Task? _accepting;

    public int Port => ((IPEndPoint)_listener!.LocalEndpoint).Port;

    public string CaPemPath => _pki!.CaPemPath;

    /// <summary>The last request's header block as received.</summary>
    public string LastHeaders { get; private set; } = string.Empty;

    public ValueTask InitializeAsync()
    {
        _pki = new TestPki(_directory.Path, Name);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener?.Stop();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _pki?.Dispose();
        _directory.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener!.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        await using var tls = new SslStream(client.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _pki!.ServerCertificate,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, _stop.Token);
            while (await ReadHeadAsync(tls) is { } head)
            {
                LastHeaders = head;
                var target = head.Split(' ', 3)[1];
                var key = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("x-api-key:", StringComparison.OrdinalIgnoreCase))?["x-api-key:".Length..].Trim() ?? "none";
                await tls.WriteAsync(Answer(target, key), _stop.Token);
                await tls.FlushAsync(_stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // the proxy went away
        }
    }

    private static byte[] Answer(string target, string key)
    {
        switch (target)
        {
            case "/reason":
                return Ascii($"HTTP/1.1 401 invalid x-api-key {key}\r\nContent-Length: 2\r\n\r\nno");
            case "/early-hints":
                return Ascii($"HTTP/1.1 103 Early Hints\r\nLink: </k/{key}>; rel=preload\r\nx-key: {key}\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            case "/transfer-gzip":
                var gzip = Gzip("key " + key + "\n");
                return [.. Ascii($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: gzip, chunked\r\n\r\n{gzip.Length:x}\r\n"), .. gzip, .. Ascii("\r\n0\r\n\r\n")];
            case "/trailer":
                return Ascii($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTrailer: x-key\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nx-key: {key}\r\n\r\n");
            case "/bad-encoding":
                var body = Gzip("key " + key + "\n");
                return [.. Ascii($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip;\r\nContent-Length: {body.Length}\r\n\r\n"), .. body];
            default:
                return Ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        }
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Gzip(string text)
    {
        using var memory = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(memory, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.ASCII.GetBytes(text));
        }

        return memory.ToArray();
    }

    /// <summary>A request's head (up to the blank line; requests here carry no body), or null at the end of the stream.</summary>
    private static async Task<string?> ReadHeadAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 65536)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            head.Add(one[0]);
            if (head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n')
            {
                return Encoding.Latin1.GetString([.. head]);
            }
        }

        return null;
    }
}
