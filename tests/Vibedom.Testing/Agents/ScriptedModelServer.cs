using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Testing.Agents;

/// <summary>
/// A scripted model provider on 127.0.0.1 (HTTPS from a run-time test CA whose certificate names the providers' real hosts, and
/// HTTP): Anthropic Messages (<c>/v1/messages</c>), OpenAI Responses (<c>/v1/responses</c>) and Chat Completions
/// (<c>/v1/chat/completions</c>), streamed as SSE when asked (Responses also over a WebSocket, as Codex asks first), replaying <see cref="ScriptedConversation"/>. Every request is
/// recorded with its headers and body. Agents reach it under the real names through vibedom's proxy
/// (<c>[network.hosts]</c>, <c>[network] upstream_ca</c>).
/// </summary>
public sealed partial class ScriptedModelServer : IAsyncLifetime
{
    /// <summary>The host names its certificate holds.</summary>
    public static IReadOnlyList<string> HostNames { get; } = ["api.anthropic.com", "api.openai.com", "platform.claude.com", "statsig.anthropic.com", "opencode.ai", "models.dev"];

    private readonly TempDirectory _directory = new("vibedom-models");
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private TestPki? _pki;
    private LoopbackKestrel? _server;

    public int HttpsPort => _server!.HttpsPort;

    public int HttpPort => _server!.HttpPort;

    public string CaPemPath => _pki!.CaPemPath;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public async ValueTask InitializeAsync()
    {
        _pki = new TestPki(_directory.Path, [.. HostNames]);
        _server = await LoopbackKestrel.StartAsync(_pki.ServerCertificate, HandleAsync);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _pki?.Dispose();
        _directory.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        _requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Host.Host, context.Request.Path.Value ?? "/", headers, body));
        var json = context.Request.Method == "POST" && body.Length > 0 ? TryParse(body) : null;
        var path = context.Request.Path.Value ?? "/";
        switch (path)
        {
            case "/v1/messages" when json is not null:
                await AnthropicAsync(context, json);
                break;
            case "/v1/messages/count_tokens":
                await WriteJsonAsync(context, new JsonObject { ["input_tokens"] = 12 });
                break;
            case "/v1/responses" when context.WebSockets.IsWebSocketRequest:
                await ResponsesWebSocketAsync(context, headers);
                break;
            case "/v1/responses" when json is not null:
                await ResponsesAsync(context, json);
                break;
            case "/v1/chat/completions" when json is not null:
                await ChatAsync(context, json);
                break;
            case "/v1/models":
                await WriteJsonAsync(context, new JsonObject { ["object"] = "list", ["data"] = new JsonArray() });
                break;
            default:
                context.Response.StatusCode = 404;
                await WriteJsonAsync(context, new JsonObject { ["error"] = new JsonObject { ["type"] = "not_found_error", ["message"] = $"scripted model server: no route {path}" } });
                break;
        }
    }

    private static JsonObject? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, JsonNode node)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(node.ToJsonString());
    }

    private static async Task StartSseAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync();
    }

    private static async Task EventAsync(HttpContext context, string? name, JsonNode data)
    {
        var text = (name is null ? string.Empty : $"event: {name}\n") + $"data: {data.ToJsonString()}\n\n";
        await context.Response.WriteAsync(text);
        await context.Response.Body.FlushAsync();
    }
}
