using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Infrastructure;

/// <summary>
/// An HTTPS upstream that speaks HTTP/2 frame by frame (ALPN h2 only, certificate from a run-time test CA), so a test
/// sees every frame the proxy's client sends. Stream 1 is answered 200 with <see cref="HeldBodyLength"/> bytes of DATA
/// in 16 KiB frames, its END_STREAM held until <see cref="ReleaseFirstStream"/>; any later stream gets a bodiless 200.
/// SETTINGS and PINGs are acknowledged; every frame received is kept in <see cref="Received"/>, in order.
/// </summary>
public sealed class RawHttp2Server : IAsyncLifetime
{
    public const string Name = "h2.test";

    public const int HeldBodyLength = 60 * 1024;

    private const byte Data = 0, Headers = 1, Settings = 4, Ping = 6;
    private const byte EndStream = 1, EndHeaders = 4, Ack = 1;

    private readonly TempDirectory _directory = new("vibedom-h2");
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestPki? _pki;
    private TcpListener? _listener;
    private Task? _accepting;

    public int Port => ((IPEndPoint)_listener!.LocalEndpoint).Port;

    public string CaPemPath => _pki!.CaPemPath;

    /// <summary>Each frame received: its type and stream id.</summary>
    public ConcurrentQueue<(byte Type, int Stream)> Received { get; } = new();

    public void ReleaseFirstStream() => _release.TrySetResult();

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
        using var owned = client;
        await using var tls = new SslStream(client.GetStream());
        using var writeLock = new SemaphoreSlim(1);
        async Task SendAsync(byte type, byte flags, int stream, ReadOnlyMemory<byte> payload)
        {
            var frame = new byte[9 + payload.Length];
            frame[0] = (byte)(payload.Length >> 16);
            frame[1] = (byte)(payload.Length >> 8);
            frame[2] = (byte)payload.Length;
            frame[3] = type;
            frame[4] = flags;
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), stream);
            payload.CopyTo(frame.AsMemory(9));
            await writeLock.WaitAsync(_stop.Token);
            try
            {
                await tls.WriteAsync(frame, _stop.Token);
                await tls.FlushAsync(_stop.Token);
            }
            finally
            {
                writeLock.Release();
            }
        }

        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _pki!.ServerCertificate,
                ApplicationProtocols = [SslApplicationProtocol.Http2],
            }, _stop.Token);
            await tls.ReadExactlyAsync(new byte[24], _stop.Token); // the client's connection preface
            await SendAsync(Settings, 0, 0, ReadOnlyMemory<byte>.Empty);
            var header = new byte[9];
            while (true)
            {
                await tls.ReadExactlyAsync(header, _stop.Token);
                var length = (header[0] << 16) | (header[1] << 8) | header[2];
                var stream = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & int.MaxValue;
                var payload = new byte[length];
                await tls.ReadExactlyAsync(payload, _stop.Token);
                Received.Enqueue((header[3], stream));
                if (header[3] == Settings && (header[4] & Ack) == 0)
                {
                    await SendAsync(Settings, Ack, 0, ReadOnlyMemory<byte>.Empty);
                }
                else if (header[3] == Ping && (header[4] & Ack) == 0)
                {
                    await SendAsync(Ping, Ack, 0, payload);
                }
                else if (header[3] == Headers && stream == 1)
                {
                    _ = AnswerHeldAsync(SendAsync);
                }
                else if (header[3] == Headers)
                {
                    await SendAsync(Headers, EndHeaders | EndStream, stream, new byte[] { 0x88 }); // :status 200 (HPACK static 8)
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // the proxy went away
        }
    }

    private async Task AnswerHeldAsync(Func<byte, byte, int, ReadOnlyMemory<byte>, Task> send)
    {
        try
        {
            await send(Headers, EndHeaders, 1, new byte[] { 0x88 });
            var chunk = new byte[16 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (var sent = 0; sent < HeldBodyLength; sent += chunk.Length)
            {
                await send(Data, 0, 1, chunk.AsMemory(0, Math.Min(chunk.Length, HeldBodyLength - sent)));
            }

            await _release.Task.WaitAsync(_stop.Token);
            await send(Data, EndStream, 1, ReadOnlyMemory<byte>.Empty);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // the proxy went away
        }
    }
}
