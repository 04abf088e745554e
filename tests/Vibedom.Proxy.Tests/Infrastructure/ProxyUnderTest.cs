using Vibedom.Testing.Network;
using System.Text.Json;
using Vibedom.Proxy.Hosting;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tls;
using Vibedom.Testing;

namespace Vibedom.Proxy.Tests.Infrastructure;

/// <summary>
/// A real proxy on 127.0.0.1 with its own CA, allowlist and network.jsonl, pointed at the
/// loopback upstream through [network.hosts] overrides and allow_private.
/// </summary>
internal sealed class ProxyUnderTest : IAsyncDisposable
{
    private ProxyUnderTest(TempDirectory directory, ProxyHandle handle, string allowlistPath, string logPath)
    {
        Directory = directory;
        Handle = handle;
        AllowlistPath = allowlistPath;
        NetworkLogPath = logPath;
    }

    public TempDirectory Directory { get; }

    public ProxyHandle Handle { get; }

    public string AllowlistPath { get; }

    public string NetworkLogPath { get; }

    public string CaPath => Directory.Combine("ca", CertificateAuthority.CertificateFileName);

    public string ProxyUrl => Handle.LoopbackProxyUri!.ToString().TrimEnd('/');

    public static async Task<ProxyUnderTest> StartAsync(
        UpstreamServer upstream,
        string allowlist,
        bool allowLoopback = true,
        bool https = true,
        Func<ProxyOptions, ProxyOptions>? adjust = null,
        bool deferred = false)
    {
        var directory = new TempDirectory("vibedom-proxy");
        var caDirectory = directory.Combine("ca");
        CertificateAuthority.EnsureCreated(caDirectory, TimeProvider.System);
        var allowlistPath = directory.Write("trusted_domains.txt", allowlist);
        var port = https ? upstream.HttpsPort : upstream.HttpPort;
        var options = new ProxyOptions
        {
            LoopbackPort = 0,
            AllowlistPath = allowlistPath,
            UpstreamCaFiles = [upstream.CaPemPath],
            AllowPrivate = allowLoopback ? ["127.0.0.1/32"] : [],
            Hosts = new Dictionary<string, string>
            {
                [UpstreamServer.Name] = $"127.0.0.1:{port}",
                ["api." + UpstreamServer.Name] = $"127.0.0.1:{port}",
                [UpstreamServer.OtherName] = $"127.0.0.1:{port}",
            },
            CaCertificatePath = Path.Combine(caDirectory, CertificateAuthority.CertificateFileName),
            CaKeyPath = Path.Combine(caDirectory, CertificateAuthority.KeyFileName),
            NetworkLogPath = directory.Combine("logs", "network.jsonl"),
        };
        options = adjust?.Invoke(options) ?? options;
        try
        {
            var handle = deferred ? await EgressProxy.StartOnFirstConnectionAsync(options) : await EgressProxy.StartAsync(options);
            return new ProxyUnderTest(directory, handle, allowlistPath, options.NetworkLogPath);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>curl through this proxy, trusting its CA; -sS, and -w for the status code on its own last line.</summary>
    public Task<ToolResult> CurlAsync(params string[] arguments) =>
        Tool.RunAsync("curl", ["-sS", "--suppress-connect-headers", "--max-time", "60", "-x", ProxyUrl, "--cacert", CaPath, .. arguments]);

    /// <summary>
    /// Waits until network.jsonl holds <paramref name="count"/> request lines (the writer is asynchronous) and
    /// returns them; the lines written before forwarding (<see cref="NetworkLogEntry.PhaseForwarding"/>) are in
    /// <see cref="AllLogLines"/>. No sleep decides that nothing more comes: a marker request (to an unlisted name,
    /// refused before any lookup) is sent after the test's own, and once its line is written the lines of the
    /// requests that ended before it are too (one writer, in order), so a test asserting "exactly N" can fail.
    /// </summary>
    public async Task<IReadOnlyList<NetworkLogEntry>> LogLinesAsync(int count)
    {
        for (var i = 0; i < 400 && AllLogLines().Count(l => l.Phase is null) < count; i++)
        {
            await Task.Delay(25);
        }

        var marker = $"marker-{Guid.NewGuid():N}.invalid";
        await SendMarkerAsync(marker);
        for (var i = 0; i < 400 && !AllLogLines().Any(l => l.Host == marker); i++)
        {
            await Task.Delay(25);
        }

        return AllLogLines().Where(l => l.Phase is null && l.Host != marker).ToList();
    }

    private async Task SendMarkerAsync(string marker)
    {
        if (Handle.LoopbackProxyUri is not null)
        {
            await CurlAsync("-o", "/dev/null", $"http://{marker}/");
            return;
        }

        // a proxy on its Unix socket only: the request in absolute form, as the sandbox's forwarder relays it
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(Handle.UnixSocketPath!));
        await using var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET http://{marker}/ HTTP/1.1\r\nHost: {marker}\r\nConnection: close\r\n\r\n"));
        await stream.CopyToAsync(Stream.Null);
    }

    /// <summary>Every line of network.jsonl as it is now, each checked to be one JSON object.</summary>
    public IReadOnlyList<NetworkLogEntry> AllLogLines()
    {
        var lines = File.Exists(NetworkLogPath) ? File.ReadAllLines(NetworkLogPath) : [];
        foreach (var line in lines)
        {
            using var _ = JsonDocument.Parse(line);
        }

        return lines.Select(l => NetworkLogEntry.TryParse(l)!).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Handle.DisposeAsync();
        Directory.Dispose();
    }
}
