using System.Text;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Vibedom.Testing.Network;

/// <summary>
/// A real Kestrel upstream on 127.0.0.1: HTTPS (certificate from a run-time test CA) and HTTP.
/// Routes: /hello, /echo (POST), /sink (counts the body, answers "sunk N"), /record (keeps what it received, see
/// <see cref="Received"/>, and the body in <see cref="LastBody"/>), /headers, /big?mb=N, /sse (first event, then waits for
/// <see cref="ReleaseSse"/> or a request to /sse/release), /git/... (static files of a bare repository: git's dumb HTTP),
/// /ws/... (a WebSocket echo, see the WebSockets partial), /say (POST: the body answered as a WebSocket text message is,
/// as text/plain), /reflect (response headers named by the request's), /gzip (the request's headers, gzip-compressed whatever it accepts); every request's path and query land in <see cref="LastTarget"/>.
/// </summary>
public sealed partial class UpstreamServer : IAsyncLifetime
{
    public const string Name = "upstream.test";
    public const string OtherName = "other.test";

    private readonly TempDirectory _directory = new("vibedom-upstream");
    private TestPki? _pki;
    private LoopbackKestrel? _server;
    private TaskCompletionSource _sseGate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int HttpsPort => _server!.HttpsPort;

    public int HttpPort => _server!.HttpPort;

    public string CaPemPath => _pki!.CaPemPath;

    public string? GitRoot { get; set; }

    public string LastHeaders { get; private set; } = string.Empty;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _seen = new();

    /// <summary>Every request's path, query and headers as received, in arrival order ("target\nheaders").</summary>
    public IReadOnlyList<string> Seen => [.. _seen];

    /// <summary>The path and query of the last request, as received.</summary>
    public string LastTarget { get; private set; } = string.Empty;

    /// <summary>The body of the last request to /record, as received.</summary>
    public byte[] LastBody { get; private set; } = [];

    private int _requests;

    private readonly System.Collections.Concurrent.ConcurrentQueue<ReceivedRequest> _received = new();

    /// <summary>What each request to <c>/record</c> (and below) received, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <summary>How many requests reached this server (any path).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public void ReleaseSse() => _sseGate.TrySetResult();

    public void ResetSse() => _sseGate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask InitializeAsync()
    {
        _pki = new TestPki(_directory.Path, Name, "*." + Name, OtherName);
        _server = await LoopbackKestrel.StartAsync(_pki.ServerCertificate, HandleAsync);
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseSse();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _pki?.Dispose();
        _directory.Dispose();
    }

    /// <summary>/reflect: each request header <c>x-reflect-NAME</c> becomes the response header NAME.</summary>
    private static void ReflectHeaders(HttpContext context)
    {
        const string prefix = "x-reflect-";
        foreach (var (name, value) in context.Request.Headers)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers.Append(name[prefix.Length..], value);
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        Interlocked.Increment(ref _requests);
        LastHeaders = string.Join('\n', context.Request.Headers.Select(h => $"{h.Key}: {h.Value}"));
        LastTarget = context.Request.Path + context.Request.QueryString;
        _seen.Enqueue(LastTarget + "\n" + LastHeaders);
        switch (path)
        {
            case "/hello":
                await context.Response.WriteAsync($"hello from upstream over {context.Request.Protocol}\n");
                break;
            case "/echo":
                context.Response.ContentType = "application/octet-stream";
                await context.Request.Body.CopyToAsync(context.Response.Body);
                break;
            case "/trailers":
                context.Response.ContentType = "application/grpc";
                await context.Response.WriteAsync("payload");
                context.Response.AppendTrailer("grpc-status", "0");
                context.Response.AppendTrailer("grpc-message", "done");
                break;
            case "/gzip":
                context.Response.Headers.ContentEncoding = "gzip";
                await using (var gzip = new System.IO.Compression.GZipStream(context.Response.Body, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
                {
                    await gzip.WriteAsync(Encoding.UTF8.GetBytes(LastHeaders));
                }

                break;
            case "/say":
                using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
                {
                    var said = await reader.ReadToEndAsync();
                    context.Response.ContentType = "text/plain";
                    await context.Response.WriteAsync(Answer(said, context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal)));
                }

                break;
            case "/headers":
                await context.Response.WriteAsync(LastHeaders);
                break;
            case "/reflect":
                ReflectHeaders(context);
                await context.Response.WriteAsync("reflected\n");
                break;
            case "/big":
                await BigAsync(context);
                break;
            case "/sse":
                await SseAsync(context);
                break;
            case "/sse/release":
                ReleaseSse();
                await context.Response.WriteAsync("released\n");
                break;
            case "/sink":
                var sunk = new CountingSink();
                await context.Request.Body.CopyToAsync(sunk);
                await context.Response.WriteAsync($"sunk {sunk.Count}\n");
                break;
            case var _ when path.StartsWith("/ws/", StringComparison.Ordinal) && context.WebSockets.IsWebSocketRequest:
                await WebSocketAsync(context);
                break;
            case var _ when path.StartsWith("/record", StringComparison.Ordinal):
                await RecordAsync(context);
                break;
            default:
                if (path.StartsWith("/git/", StringComparison.Ordinal) && GitRoot is not null)
                {
                    await GitFileAsync(context, path["/git/".Length..]);
                    break;
                }

                context.Response.StatusCode = 404;
                break;
        }
    }

    private async Task RecordAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestTrailersFeature>() is { Available: true } trailers)
        {
            foreach (var trailer in trailers.Trailers)
            {
                headers["trailer:" + trailer.Key.ToLowerInvariant()] = trailer.Value.ToString(); // what arrived after the body
            }
        }

        LastBody = body.ToArray();
        _received.Enqueue(new ReceivedRequest(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? path(context), headers, LastBody));
        await context.Response.WriteAsync($"recorded {body.Length}\n");

        static string path(HttpContext c) => c.Request.Path + c.Request.QueryString;
    }

    private static async Task BigAsync(HttpContext context)
    {
        var mb = int.Parse(context.Request.Query["mb"].ToString() is { Length: > 0 } s ? s : "1", System.Globalization.CultureInfo.InvariantCulture);
        var chunk = new byte[64 * 1024];
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = (byte)(i * 31 % 251);
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = mb * 1024L * 1024;
        for (var i = 0; i < mb * 16; i++)
        {
            await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        }
    }

    private async Task SseAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync("data: first\n\n");
        await context.Response.Body.FlushAsync();
        await _sseGate.Task.WaitAsync(TimeSpan.FromMinutes(2)); // a bound, not a timing: tests release the gate
        await context.Response.WriteAsync("data: last\n\n");
    }

    private async Task GitFileAsync(HttpContext context, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(GitRoot!, relative));
        if (!full.StartsWith(GitRoot!, StringComparison.Ordinal) || !File.Exists(full))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        await context.Response.SendFileAsync(full);
    }

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private sealed class CountingSink : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Count;

        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Count += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
