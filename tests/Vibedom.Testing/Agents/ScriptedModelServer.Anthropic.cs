using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Vibedom.Testing.Agents;

/// <summary>Anthropic Messages: <c>tool_use</c> blocks for the shell steps, then text; SSE when <c>stream</c> is true.</summary>
public sealed partial class ScriptedModelServer
{
    private static async Task AnthropicAsync(HttpContext context, JsonObject request)
    {
        var tools = (request["tools"] as JsonArray ?? []).Select(t => t?["name"]?.GetValue<string>()).OfType<string>();
        var step = (request["messages"] as JsonArray ?? [])
            .SelectMany(m => m?["content"] as JsonArray ?? [])
            .Count(c => c?["type"]?.GetValue<string>() == "tool_result");
        var model = request["model"]?.GetValue<string>() ?? "claude-scripted";
        var next = ScriptedConversation.Next(step, ScriptedConversation.PickShellTool(tools));
        JsonObject block = next is { } call
            ? new JsonObject { ["type"] = "tool_use", ["id"] = $"toolu_scripted_{step}", ["name"] = call.Tool, ["input"] = call.Arguments }
            : new JsonObject { ["type"] = "text", ["text"] = ScriptedConversation.FinalText };
        var stop = next is null ? "end_turn" : "tool_use";
        if (request["stream"]?.GetValue<bool>() != true)
        {
            await WriteJsonAsync(context, Message(model, step, new JsonArray(block), stop));
            return;
        }

        await StartSseAsync(context);
        await EventAsync(context, "message_start", new JsonObject { ["type"] = "message_start", ["message"] = Message(model, step, [], null) });
        var start = block.DeepClone().AsObject();
        JsonObject delta;
        if (next is { } c)
        {
            start["input"] = new JsonObject();
            delta = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = c.Arguments.ToJsonString() };
        }
        else
        {
            start["text"] = string.Empty;
            delta = new JsonObject { ["type"] = "text_delta", ["text"] = ScriptedConversation.FinalText };
        }

        await EventAsync(context, "content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = start });
        await EventAsync(context, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = delta });
        await EventAsync(context, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        await EventAsync(context, "message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = stop, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = 8 },
        });
        await EventAsync(context, "message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private static JsonObject Message(string model, int step, JsonArray content, string? stop) => new()
    {
        ["id"] = $"msg_scripted_{step}",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = content,
        ["stop_reason"] = stop,
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = 12, ["output_tokens"] = 8, ["cache_creation_input_tokens"] = 0, ["cache_read_input_tokens"] = 0 },
    };
}
