using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Vibedom.Testing.Agents;

/// <summary>OpenAI Responses and Chat Completions: a function call for each shell step, then a message; SSE when <c>stream</c> is true.</summary>
public sealed partial class ScriptedModelServer
{
    private static async Task ResponsesAsync(HttpContext context, JsonObject request)
    {
        var tools = (request["tools"] as JsonArray ?? []).Select(t => t?["name"]?.GetValue<string>() ?? t?["type"]?.GetValue<string>()).OfType<string>();
        var step = (request["input"] as JsonArray ?? []).Count(i => i?["type"]?.GetValue<string>() is { } type && type.EndsWith("_call_output", StringComparison.Ordinal));
        var next = ScriptedConversation.Next(step, ScriptedConversation.PickShellTool(tools));
        JsonObject item = next is { } call
            ? new JsonObject { ["type"] = "function_call", ["id"] = $"fc_scripted_{step}", ["call_id"] = $"call_scripted_{step}", ["name"] = call.Tool, ["arguments"] = call.Arguments.ToJsonString(), ["status"] = "completed" }
            : new JsonObject
            {
                ["type"] = "message", ["id"] = $"msg_scripted_{step}", ["role"] = "assistant", ["status"] = "completed",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = ScriptedConversation.FinalText, ["annotations"] = new JsonArray() }),
            };
        var model = request["model"]?.GetValue<string>() ?? "gpt-scripted";
        JsonObject Response(string status, JsonArray output) => new()
        {
            ["id"] = $"resp_scripted_{step}", ["object"] = "response", ["created_at"] = 0, ["status"] = status, ["model"] = model, ["output"] = output,
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = 12, ["output_tokens"] = 8, ["total_tokens"] = 20,
                ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 }, ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
            },
        };

        if (request["stream"]?.GetValue<bool>() != true)
        {
            await WriteJsonAsync(context, Response("completed", new JsonArray(item)));
            return;
        }

        await StartSseAsync(context);
        await EventAsync(context, "response.created", new JsonObject { ["type"] = "response.created", ["response"] = Response("in_progress", []) });
        await EventAsync(context, "response.output_item.added", new JsonObject { ["type"] = "response.output_item.added", ["output_index"] = 0, ["item"] = item.DeepClone() });
        if (next is null)
        {
            await EventAsync(context, "response.output_text.delta", new JsonObject
            {
                ["type"] = "response.output_text.delta", ["item_id"] = $"msg_scripted_{step}", ["output_index"] = 0, ["content_index"] = 0, ["delta"] = ScriptedConversation.FinalText,
            });
        }

        await EventAsync(context, "response.output_item.done", new JsonObject { ["type"] = "response.output_item.done", ["output_index"] = 0, ["item"] = item.DeepClone() });
        await EventAsync(context, "response.completed", new JsonObject { ["type"] = "response.completed", ["response"] = Response("completed", new JsonArray(item.DeepClone())) });
    }

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
