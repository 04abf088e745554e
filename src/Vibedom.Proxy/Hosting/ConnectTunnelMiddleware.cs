using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// Kestrel connection middleware: peeks at the first bytes; anything but <c>CONNECT</c> goes
/// to Kestrel untouched (absolute-form HTTP). A CONNECT is answered here (403 or 200), then the
/// tunnel is TLS-intercepted, served as plain HTTP, or relayed raw when its entry allows it.
/// </summary>
internal sealed partial class ConnectTunnelMiddleware(ProxyContext proxy, LargeBlockMemoryPool pool)
{
    /// <summary>The largest CONNECT header block (request line and headers) read; larger is refused with 431.</summary>
    public const int MaxHeaderBytes = 16 * 1024;
    public const string TooLargeRule = "header-too-large";
    public const string MalformedRule = "malformed-request";
    private static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(30);
    private static readonly byte[] ConnectPrefix = "CONNECT "u8.ToArray();
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] Established = "HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray();

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var admission = proxy.Open.OpenConnection();
        try
        {
            if (admission == OpenLimit.Admission.Open)
            {
                await ServeAsync(connection, next).ConfigureAwait(false);
            }
            else
            {
                await RefuseAsync(connection, admission).ConfigureAwait(false);
            }
        }
        finally
        {
            proxy.Open.CloseConnection();
        }
    }

    private async Task ServeAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var input = connection.Transport.Input;
        ConnectRequest? connect;
        bool isConnect;
        string? tooLarge;
        var started = proxy.TimeProvider.GetUtcNow();
        var startTimestamp = proxy.TimeProvider.GetTimestamp();
        using (var timeout = new CancellationTokenSource(HeaderTimeout, proxy.TimeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, connection.ConnectionClosed))
        {
            try
            {
                (isConnect, connect, tooLarge) = await ReadConnectAsync(input, linked.Token).ConfigureAwait(false);
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
            var refused = tooLarge is null
                ? PolicyDecision.Deny(MalformedRule, 400, "malformed CONNECT request")
                : PolicyDecision.Deny(TooLargeRule, 431, $"CONNECT header larger than {MaxHeaderBytes} bytes");
            var target = tooLarge ?? string.Empty;
            var exchange = new Exchange(proxy, new ExchangeTarget(ExchangeTarget.Connect, target, 0, target), null, started, startTimestamp);
            exchange.Stop(refused);
            await WriteRawAsync(connection, StatusLine(refused.StatusCode), refused.Rule, refused.Reason).ConfigureAwait(false);
            exchange.End();
            return;
        }

        await TunnelAsync(connection, connect, next).ConfigureAwait(false);
    }

    /// <summary>
    /// (false, null): not CONNECT, nothing consumed. (true, null): malformed, or larger than <see cref="MaxHeaderBytes"/>
    /// (then TooLarge is the request target as far as it was read, at most 256 chars). (true, request): header block consumed.
    /// </summary>
    private static async Task<(bool IsConnect, ConnectRequest? Request, string? TooLarge)> ReadConnectAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var prefixLength = (int)Math.Min(buffer.Length, ConnectPrefix.Length);
            if (!StartsWith(buffer.Slice(0, prefixLength), ConnectPrefix.AsSpan(0, prefixLength)) || (result.IsCompleted && buffer.Length < ConnectPrefix.Length))
            {
                input.AdvanceTo(buffer.Start, buffer.Start);
                return (false, null, null);
            }

            if (prefixLength == ConnectPrefix.Length)
            {
                var reader = new SequenceReader<byte>(buffer);
                if (reader.TryReadTo(out ReadOnlySequence<byte> header, HeaderEnd, advancePastDelimiter: true))
                {
                    // read it all before the buffer is released
                    var tooLarge = header.Length > MaxHeaderBytes ? Target(header) : null;
                    var request = tooLarge is null ? ConnectRequest.Parse(header) : null;
                    input.AdvanceTo(reader.Position);
                    return (true, request, tooLarge);
                }

                if (buffer.Length > MaxHeaderBytes || result.IsCompleted)
                {
                    var target = buffer.Length > MaxHeaderBytes ? Target(buffer) : null;
                    input.AdvanceTo(buffer.End);
                    return (true, null, target);
                }
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The CONNECT target of an oversized header, for its audit line (printable ASCII, at most 256 chars).</summary>
    private static string Target(ReadOnlySequence<byte> header)
    {
        var start = header.Slice(ConnectPrefix.Length, Math.Min(header.Length - ConnectPrefix.Length, 256));
        var text = Encoding.Latin1.GetString(start);
        var end = text.IndexOfAny([' ', '\r', '\n']);
        var target = end < 0 ? text : text[..end];
        return string.Concat(target.Where(c => c is > ' ' and < (char)127));
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
        400 => "400 Bad Request",
        421 => "421 Misdirected Request",
        431 => "431 Request Header Fields Too Large",
        502 => "502 Bad Gateway",
        503 => "503 Service Unavailable",
        _ => $"{status} Denied",
    };

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
