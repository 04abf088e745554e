using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Vibedom.Testing.Network;

/// <summary>
/// <c>/ws/...</c>: a WebSocket echo (Kestrel's own implementation, no compression offered back). Its handshake is kept
/// in <see cref="Received"/> like a <c>/record</c> request, and each whole message in <see cref="WebSocketMessages"/>.
/// A text message is answered as <see cref="Answer"/> says (<c>auth?</c>: the handshake's Authorization header,
/// <c>say:X</c>: X), <c>auth-split:N</c> with <c>token: </c> and that header's first N characters, then its rest, in two messages; any
/// other message comes back as it arrived; a close is answered with a close. A handshake with <c>X-Say-In-101: X</c> gets
/// <c>X-Said: X</c> in its 101, one with <c>X-Auth-In-101</c> gets its Authorization header back as <c>X-Auth</c>, and
/// its <c>x-reflect-NAME</c> headers come back as <c>NAME</c> (as from <c>/reflect</c>).
/// </summary>
public sealed partial class UpstreamServer
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<WebSocketMessage> _webSocketMessages = new();

    /// <summary>Every whole WebSocket message received, in order, with its connection's path.</summary>
    public IReadOnlyList<WebSocketMessage> WebSocketMessages => [.. _webSocketMessages];

    private async Task WebSocketAsync(HttpContext context)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var target = context.Request.Path + context.Request.QueryString;
        _received.Enqueue(new ReceivedRequest(target, headers, []));
        if (headers.TryGetValue("x-say-in-101", out var say))
        {
            context.Response.Headers["X-Said"] = say;
        }

        if (headers.ContainsKey("x-auth-in-101"))
        {
            context.Response.Headers["X-Auth"] = headers.GetValueOrDefault("authorization") ?? "-";
        }

        ReflectHeaders(context);

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                return; // the proxy closed the connection (a protocol error, a limit)
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                _webSocketMessages.Enqueue(new WebSocketMessage(target, "close", [], (int?)result.CloseStatus));
                await socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, CancellationToken.None);
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var bytes = message.ToArray();
            message.SetLength(0);
            var text = result.MessageType == WebSocketMessageType.Text;
            _webSocketMessages.Enqueue(new WebSocketMessage(target, text ? "text" : "binary", bytes, null));
            if (text && Encoding.UTF8.GetString(bytes) is var said && said.StartsWith("auth-split:", StringComparison.Ordinal))
            {
                var auth = headers.GetValueOrDefault("authorization") ?? "-";
                var at = Math.Min(auth.Length, int.Parse(said["auth-split:".Length..], System.Globalization.CultureInfo.InvariantCulture));
                await socket.SendAsync(Encoding.UTF8.GetBytes("token: " + auth[..at]), WebSocketMessageType.Text, true, context.RequestAborted);
                await socket.SendAsync(Encoding.UTF8.GetBytes(auth[at..]), WebSocketMessageType.Text, true, context.RequestAborted);
                continue;
            }

            var answer = text ? Encoding.UTF8.GetBytes(Answer(Encoding.UTF8.GetString(bytes), headers)) : bytes;
            await socket.SendAsync(answer, result.MessageType, true, context.RequestAborted);
        }
    }

    /// <summary>
    /// What a text message, or a body posted to <c>/say</c>, is answered with: <c>auth?</c> the request's Authorization
    /// header, <c>say:X</c> X, anything else itself.
    /// </summary>
    private static string Answer(string said, IReadOnlyDictionary<string, string> headers) =>
        said == "auth?" ? headers.GetValueOrDefault("authorization") ?? "-"
        : said.StartsWith("say:", StringComparison.Ordinal) ? said[4..]
        : said;
}
