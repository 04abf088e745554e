using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// Kestrel connection middleware: peeks at the first bytes; anything but <c>CONNECT</c> goes
/// to Kestrel untouched (absolute-form HTTP). A CONNECT is answered here (403 or 200), then the
/// tunnel is TLS-intercepted, served as plain HTTP, or relayed raw when its entry allows it.
/// </summary>
internal sealed partial class ConnectTunnelMiddleware(ProxyContext proxy)
{
    private const int MaxHeaderBytes = 16 * 1024;
    private static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(30);
    private static readonly byte[] ConnectPrefix = "CONNECT "u8.ToArray();
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] Established = "HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray();

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var input = connection.Transport.Input;
        ConnectRequest? connect;
        bool isConnect;
        using (var timeout = new CancellationTokenSource(HeaderTimeout, proxy.TimeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, connection.ConnectionClosed))
        {
            try
            {
                (isConnect, connect) = await ReadConnectAsync(input, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                connection.Abort();
                return;
            }
        }

        if (!isConnect)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        if (connect is null)
        {
            await WriteRawAsync(connection, "400 Bad Request", null, "malformed CONNECT request").ConfigureAwait(false);
            return;
        }

        await TunnelAsync(connection, connect, next).ConfigureAwait(false);
    }

    /// <summary>(false, null): not CONNECT, nothing consumed. (true, null): malformed. (true, request): header block consumed.</summary>
    private static async Task<(bool IsConnect, ConnectRequest? Request)> ReadConnectAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var prefixLength = (int)Math.Min(buffer.Length, ConnectPrefix.Length);
            if (!StartsWith(buffer.Slice(0, prefixLength), ConnectPrefix.AsSpan(0, prefixLength)) || (result.IsCompleted && buffer.Length < ConnectPrefix.Length))
            {
                input.AdvanceTo(buffer.Start, buffer.Start);
                return (false, null);
            }

            if (prefixLength == ConnectPrefix.Length)
            {
                var reader = new SequenceReader<byte>(buffer);
                if (reader.TryReadTo(out ReadOnlySequence<byte> header, HeaderEnd, advancePastDelimiter: true))
                {
                    var request = ConnectRequest.Parse(header);
                    input.AdvanceTo(reader.Position);
                    return (true, request);
                }

                if (buffer.Length > MaxHeaderBytes || result.IsCompleted)
                {
                    input.AdvanceTo(buffer.End);
                    return (true, null);
                }
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool StartsWith(ReadOnlySequence<byte> bytes, ReadOnlySpan<byte> prefix)
    {
        Span<byte> copy = stackalloc byte[prefix.Length];
        bytes.CopyTo(copy);
        return copy.SequenceEqual(prefix);
    }

    private static async Task WriteRawAsync(ConnectionContext connection, string status, string? rule, string reason)
    {
        var body = $"vibedom: {reason}\n";
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append("\r\n")
            .Append(rule is null ? string.Empty : $"{ProxyRequestHandler.DeniedHeader}: {rule}\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n")
            .Append("Connection: close\r\n\r\n")
            .Append(body);
        try
        {
            await connection.Transport.Output.WriteAsync(Encoding.UTF8.GetBytes(head.ToString())).ConfigureAwait(false);
            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or InvalidOperationException)
        {
            // the client left; the audit line is written anyway
        }
    }

    private static string StatusLine(int status) => status switch
    {
        403 => "403 Forbidden",
        421 => "421 Misdirected Request",
        502 => "502 Bad Gateway",
        503 => "503 Service Unavailable",
        _ => $"{status} Denied",
    };

    private string ConnectUrl(ConnectRequest connect) => $"{connect.Host}:{connect.Port}";

    private void AuditConnect(DateTimeOffset started, long startTimestamp, ConnectRequest connect, PolicyDecision decision, int status, long bytesOut, long bytesIn, string tls, string? extra = null) =>
        proxy.Audit(started, startTimestamp, "CONNECT", ConnectUrl(connect), connect.Host, connect.Port, decision, status, bytesOut, bytesIn, tls, extra);

    private static bool LooksLikeHttp(ReadOnlySequence<byte> bytes)
    {
        var reader = new SequenceReader<byte>(bytes);
        var letters = 0;
        while (reader.TryRead(out var b))
        {
            if (b == (byte)' ')
            {
                return letters > 0;
            }

            if (b is < (byte)'A' or > (byte)'Z' || ++letters > 16)
            {
                return false;
            }
        }

        return letters > 0;
    }
}
