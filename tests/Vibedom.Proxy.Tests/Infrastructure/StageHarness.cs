using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;
using Vibedom.Scanning.Redaction;

namespace Vibedom.Proxy.Tests.Infrastructure;

/// <summary>
/// Runs request transforms against a synthetic exchange, as the proxy does, without a socket or a file: the
/// request is a <see cref="DefaultHttpContext"/>, and the lines the exchange writes are built by the proxy's own
/// <see cref="AuditLine"/> and collected in <see cref="Lines"/> (forwarding lines included).
/// </summary>
internal sealed class StageHarness(KnownSecrets? knownSecrets = null) : IExchangeLog
{
    private readonly List<NetworkLogEntry> _lines = [];

    public TimeProvider TimeProvider { get; } = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    /// <summary>Every line written, in order.</summary>
    public IReadOnlyList<NetworkLogEntry> Lines => _lines;

    /// <summary>When true, writing a forwarding line fails (as on a full disk).</summary>
    public bool FailAnnouncements { get; set; }

    private AuditLine? _audit;

    private AuditLine Audit => _audit ??= new AuditLine(knownSecrets, TimeProvider);

    /// <summary>A request as the agent sent it through the proxy: absolute URL, headers, body.</summary>
    public Exchange Request(string method, string url, IReadOnlyDictionary<string, string>? headers = null, string? body = null, string? sni = null, bool webSocket = false)
    {
        var uri = new Uri(url);
        var http = new DefaultHttpContext();
        var request = http.Request;
        request.Method = method;
        request.Scheme = uri.Scheme;
        request.Host = new HostString(uri.Authority);
        request.Path = PathString.FromUriComponent(uri.AbsolutePath);
        request.QueryString = new QueryString(uri.Query.Length > 0 ? uri.Query : null);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers[name] = value;
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            request.Body = new MemoryStream(bytes);
            request.ContentLength = bytes.Length;
        }

        var host = HostName.Normalize(uri.IdnHost);
        var inTunnel = uri.Scheme == "https" || sni is not null;
        var target = new ExchangeTarget(
            method,
            host,
            uri.Port,
            UrlScrubber.Build(uri.Scheme, host, uri.Port, request.Path, request.QueryString.Value),
            request.Headers.Host.Count > 0 ? request.Headers.Host.ToString() : uri.Authority,
            inTunnel ? host : null,
            sni,
            webSocket);
        return new Exchange(this, target, http) { Tls = uri.Scheme == "https" ? NetworkLogEntry.TlsIntercepted : NetworkLogEntry.TlsNone };
    }

    /// <summary>A CONNECT to host:port (no request object: the tunnel's requests are exchanges of their own).</summary>
    public Exchange Connect(string host, int port) => new(this, ExchangeTarget.ForConnect(host, port));

    /// <summary>Applies <paramref name="transforms"/> in order, as the proxy does (the first that stops wins).</summary>
    public static async Task<Exchange> ApplyAsync(Exchange exchange, params IRequestTransform[] transforms)
    {
        await new TransformPipeline(transforms, []).ApplyRequestAsync(exchange, CancellationToken.None);
        return exchange;
    }

    public Task<bool> AnnounceAsync(Exchange exchange)
    {
        if (FailAnnouncements)
        {
            return Task.FromResult(false);
        }

        _lines.Add(Audit.Entry(exchange, forwarding: true));
        return Task.FromResult(true);
    }

    public void Record(Exchange exchange) => _lines.Add(Audit.Entry(exchange, forwarding: false));

    public void RecordPart(Exchange exchange, string note, IReadOnlyList<ScrubbedItem> scrubbed) => _lines.Add(Audit.Part(exchange, note, scrubbed));
}
