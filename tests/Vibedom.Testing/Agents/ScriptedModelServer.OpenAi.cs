using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Vibedom.Testing.Agents;

/// <summary>
/// OpenAI Responses (over SSE, JSON or WebSocket) and Chat Completions: a function call for each shell step (for Codex 0.171, a
/// <c>custom_tool_call</c> to its JavaScript <c>exec</c> tool), then a message.
/// </summary>
public sealed partial class ScriptedModelServer
{
    /// <summary>Per response id: how many tool results the conversation holds and the tool it offered (Codex's WebSocket turns send only what is new).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Step, string? Tool)> _responses = new(StringComparer.Ordinal);

    private async Task ResponsesAsync(HttpContext context, JsonObject request)
    {
        var (final, events) = ResponseEvents(request);
        if (request["stream"]?.GetValue<bool>() != true)
        {
            await WriteJsonAsync(context, final);
            return;
        }

        await StartSseAsync(context);
        foreach (var e in events)
        {
            await EventAsync(context, e["type"]!.GetValue<string>(), e);
        }
    }

    /// <summary>
    /// The Responses API's WebSocket mode (Codex tries it first): each <c>response.create</c> text message is a request
    /// body, answered with the same events as the SSE stream, one text message each.
    /// </summary>
    private async Task ResponsesWebSocketAsync(HttpContext context, IReadOnlyDictionary<string, string> headers)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (socket.State == System.Net.WebSockets.WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var text = System.Text.Encoding.UTF8.GetString(message.ToArray());
            message.SetLength(0);
            _requests.Enqueue(new RecordedRequest("WS", context.Request.Host.Host, context.Request.Path.Value ?? "/", headers, text));
            if (TryParse(text) is not { } request || request["type"]?.GetValue<string>() != "response.create")
            {
                continue;
            }

            foreach (var e in ResponseEvents(request).Events)
            {
                await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(e.ToJsonString()), System.Net.WebSockets.WebSocketMessageType.Text, true, context.RequestAborted);
            }
        }
    }

    /// <summary>The answer to one Responses request: the whole response, and the events that stream it.</summary>
    private (JsonObject Final, List<JsonObject> Events) ResponseEvents(JsonObject request)
    {
        var input = request["input"] as JsonArray ?? [];
        var outputs = input.Count(i => i?["type"]?.GetValue<string>() is { } type && type.EndsWith("_call_output", StringComparison.Ordinal));
        var tools = (request["tools"] as JsonArray ?? []).Select(t => t?["name"]?.GetValue<string>() ?? t?["type"]?.GetValue<string>()).OfType<string>();
        var tool = ScriptedConversation.PickShellTool(tools) ?? (OffersCodeModeExec(input) ? ScriptedConversation.CodeModeExec : null);
        var step = outputs;
        if (request["previous_response_id"]?.GetValue<string>() is { } previous && _responses.TryGetValue(previous, out var before))
        {
            step += before.Step;
            tool ??= before.Tool;
        }

        var next = ScriptedConversation.Next(step, tool);
        var id = $"resp_scripted_{step}_{Guid.NewGuid():N}";
        _responses[id] = (step, tool);
        JsonObject item = next switch
        {
            { Tool: ScriptedConversation.CodeModeExec } call => new JsonObject
            {
                ["type"] = "custom_tool_call", ["id"] = $"ctc_scripted_{step}", ["call_id"] = $"call_scripted_{step}", ["name"] = call.Tool,
                ["input"] = call.Arguments["input"]!.GetValue<string>(), ["status"] = "completed",
            },
            { } call => new JsonObject { ["type"] = "function_call", ["id"] = $"fc_scripted_{step}", ["call_id"] = $"call_scripted_{step}", ["name"] = call.Tool, ["arguments"] = call.Arguments.ToJsonString(), ["status"] = "completed" },
            null => new JsonObject
            {
                ["type"] = "message", ["id"] = $"msg_scripted_{step}", ["role"] = "assistant", ["status"] = "completed",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = ScriptedConversation.FinalText, ["annotations"] = new JsonArray() }),
            },
        };
        var model = request["model"]?.GetValue<string>() ?? "gpt-scripted";
        JsonObject Response(string status, JsonArray output) => new()
        {
            ["id"] = id, ["object"] = "response", ["created_at"] = 0, ["status"] = status, ["model"] = model, ["output"] = output,
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = 12, ["output_tokens"] = 8, ["total_tokens"] = 20,
                ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 }, ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
            },
        };

        List<JsonObject> events =
        [
            new() { ["type"] = "response.created", ["response"] = Response("in_progress", []) },
            new() { ["type"] = "response.output_item.added", ["output_index"] = 0, ["item"] = item.DeepClone() },
        ];
        if (next is null)
        {
            events.Add(new()
            {
                ["type"] = "response.output_text.delta", ["item_id"] = $"msg_scripted_{step}", ["output_index"] = 0, ["content_index"] = 0, ["delta"] = ScriptedConversation.FinalText,
            });
        }

        events.Add(new() { ["type"] = "response.output_item.done", ["output_index"] = 0, ["item"] = item.DeepClone() });
        events.Add(new() { ["type"] = "response.completed", ["response"] = Response("completed", new JsonArray(item.DeepClone())) });
        return (Response("completed", new JsonArray(item.DeepClone())), events);
    }

    /// <summary>
    /// Codex 0.171 offers no shell function in <c>tools</c>: an <c>additional_tools</c> input item holds a <c>custom</c> tool
    /// <c>exec</c> running JavaScript that calls <c>tools.exec_command(...)</c>.
    /// </summary>
    private static bool OffersCodeModeExec(JsonArray input) =>
        input.Any(i => i?["type"]?.GetValue<string>() == "additional_tools" && Tools(i["tools"] as JsonArray).Any(t =>
            t?["type"]?.GetValue<string>() == "custom" && t["name"]?.GetValue<string>() == ScriptedConversation.CodeModeExec));

    private static IEnumerable<JsonNode?> Tools(JsonArray? tools) =>
        (tools ?? []).SelectMany(t => t?["type"]?.GetValue<string>() == "namespace" ? Tools(t["tools"] as JsonArray) : [t]);

    private static async Task ChatAsync(HttpContext context, JsonObject request)
    {
        var tools = (request["tools"] as JsonArray ?? []).Select(t => t?["function"]?["name"]?.GetValue<string>()).OfType<string>();
        var step = (request["messages"] as JsonArray ?? []).Count(m => m?["role"]?.GetValue<string>() == "tool");
        var next = ScriptedConversation.Next(step, ScriptedConversation.PickShellTool(tools));
        var model = request["model"]?.GetValue<string>() ?? "gpt-scripted";
        JsonObject delta = next is { } call
            ? new JsonObject
            {
                ["role"] = "assistant", ["content"] = null,
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0, ["id"] = $"call_scripted_{step}", ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Tool, ["arguments"] = call.Arguments.ToJsonString() },
                }),
            }
            : new JsonObject { ["role"] = "assistant", ["content"] = ScriptedConversation.FinalText };
        var finish = next is null ? "stop" : "tool_calls";
        var usage = new JsonObject { ["prompt_tokens"] = 12, ["completion_tokens"] = 8, ["total_tokens"] = 20 };
        if (request["stream"]?.GetValue<bool>() != true)
        {
            var message = delta.DeepClone().AsObject();
            if (message["tool_calls"] is JsonArray calls)
            {
                calls[0]!.AsObject().Remove("index");
            }

            await WriteJsonAsync(context, new JsonObject
            {
                ["id"] = $"chatcmpl-scripted-{step}", ["object"] = "chat.completion", ["created"] = 0, ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
                ["usage"] = usage,
            });
            return;
        }

        JsonObject Chunk(JsonObject d, string? reason, JsonObject? u = null) => new()
        {
            ["id"] = $"chatcmpl-scripted-{step}", ["object"] = "chat.completion.chunk", ["created"] = 0, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = d, ["finish_reason"] = reason }),
            ["usage"] = u,
        };

        await StartSseAsync(context);
        await EventAsync(context, null, Chunk(delta, null));
        await EventAsync(context, null, Chunk([], finish, usage));
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }
}
