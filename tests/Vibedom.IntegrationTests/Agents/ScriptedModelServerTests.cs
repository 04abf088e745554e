using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Vibedom.Testing.Agents;
using Xunit;

namespace Vibedom.IntegrationTests.Agents;

/// <summary>The scripted model server, driven with plain HttpClient as each agent's protocol would drive it.</summary>
public sealed class ScriptedModelServerTests : IAsyncLifetime
{
    private readonly ScriptedModelServer _server = new();
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        await _server.InitializeAsync();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.HttpPort}") };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Anthropic_messages_stream_the_create_and_edit_tool_calls_then_the_final_text()
    {
        var tools = new JsonArray(new JsonObject { ["name"] = "Read" }, new JsonObject { ["name"] = "Bash" });
        var messages = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "edit it" });

        var first = await PostSseAsync("/v1/messages", new JsonObject { ["model"] = "claude-x", ["stream"] = true, ["tools"] = tools.DeepClone(), ["messages"] = messages.DeepClone() });
        messages.Add(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = "toolu_scripted_0", ["content"] = "" }) });
        var second = await PostSseAsync("/v1/messages", new JsonObject { ["model"] = "claude-x", ["stream"] = true, ["tools"] = tools.DeepClone(), ["messages"] = messages.DeepClone() });
        messages.Add(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = "toolu_scripted_1", ["content"] = "" }) });
        var third = await PostSseAsync("/v1/messages", new JsonObject { ["model"] = "claude-x", ["stream"] = true, ["tools"] = tools.DeepClone(), ["messages"] = messages.DeepClone() });

        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], first.Select(e => e.Name));
        Assert.Equal("Bash", first[1].Data["content_block"]!["name"]!.GetValue<string>());
        Assert.Equal(ScriptedConversation.Commands[0], JsonNode.Parse(first[2].Data["delta"]!["partial_json"]!.GetValue<string>())!["command"]!.GetValue<string>());
        Assert.Equal("tool_use", first[4].Data["delta"]!["stop_reason"]!.GetValue<string>());
        Assert.Equal(ScriptedConversation.Commands[1], JsonNode.Parse(second[2].Data["delta"]!["partial_json"]!.GetValue<string>())!["command"]!.GetValue<string>());
        Assert.Equal(ScriptedConversation.FinalText, third[2].Data["delta"]!["text"]!.GetValue<string>());
        Assert.Equal("end_turn", third[4].Data["delta"]!["stop_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Anthropic_request_without_tools_gets_plain_text_and_every_request_is_recorded_with_its_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent("""{"model":"claude-haiku","max_tokens":5,"messages":[{"role":"user","content":"title?"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", "sk-ant-" + "scripted-test-key");

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(ScriptedConversation.FinalText, body["content"]![0]!["text"]!.GetValue<string>());
        var recorded = Assert.Single(_server.Requests);
        Assert.Equal(("POST", "/v1/messages"), (recorded.Method, recorded.Path));
        Assert.Equal("sk-ant-" + "scripted-test-key", recorded.Header("X-Api-Key"));
        Assert.Contains("title?", recorded.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_stream_a_shell_function_call_with_codex_argument_shape_then_a_completed_message()
    {
        var tools = new JsonArray(new JsonObject { ["type"] = "function", ["name"] = "shell" });

        var first = await PostSseAsync("/v1/responses", new JsonObject { ["model"] = "gpt-x", ["stream"] = true, ["tools"] = tools.DeepClone(), ["input"] = new JsonArray() });
        var input = new JsonArray(
            new JsonObject { ["type"] = "function_call_output", ["call_id"] = "call_scripted_0", ["output"] = "" },
            new JsonObject { ["type"] = "function_call_output", ["call_id"] = "call_scripted_1", ["output"] = "" });
        var last = await PostSseAsync("/v1/responses", new JsonObject { ["model"] = "gpt-x", ["stream"] = true, ["tools"] = tools.DeepClone(), ["input"] = input });

        Assert.Equal(["response.created", "response.output_item.added", "response.output_item.done", "response.completed"], first.Select(e => e.Name));
        var call = first[2].Data["item"]!;
        Assert.Equal(("function_call", "shell"), (call["type"]!.GetValue<string>(), call["name"]!.GetValue<string>()));
        Assert.Equal(["bash", "-lc", ScriptedConversation.Commands[0]], JsonNode.Parse(call["arguments"]!.GetValue<string>())!["command"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("completed", last[^1].Data["response"]!["status"]!.GetValue<string>());
        Assert.Equal(ScriptedConversation.FinalText, last[^1].Data["response"]!["output"]![0]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Chat_completions_stream_a_tool_call_then_the_final_text_and_done()
    {
        var tools = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "bash" } });
        var first = await PostSseAsync("/v1/chat/completions", new JsonObject { ["model"] = "m", ["stream"] = true, ["tools"] = tools.DeepClone(), ["messages"] = new JsonArray() });
        var messages = new JsonArray(new JsonObject { ["role"] = "tool", ["content"] = "" }, new JsonObject { ["role"] = "tool", ["content"] = "" });
        var last = await PostSseAsync("/v1/chat/completions", new JsonObject { ["model"] = "m", ["stream"] = true, ["tools"] = tools.DeepClone(), ["messages"] = messages });

        var function = first[0].Data["choices"]![0]!["delta"]!["tool_calls"]![0]!["function"]!;
        Assert.Equal("bash", function["name"]!.GetValue<string>());
        Assert.Equal(ScriptedConversation.Commands[0], JsonNode.Parse(function["arguments"]!.GetValue<string>())!["command"]!.GetValue<string>());
        Assert.Equal("tool_calls", first[1].Data["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal(ScriptedConversation.FinalText, last[0].Data["choices"]![0]!["delta"]!["content"]!.GetValue<string>());
        Assert.Equal("stop", last[1].Data["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Https_answers_under_the_providers_real_names_with_a_certificate_of_the_test_ca()
    {
        using var ca = X509CertificateLoader.LoadCertificate(PemEncoding.Find(File.ReadAllText(_server.CaPemPath)) is var pem ? Convert.FromBase64String(File.ReadAllText(_server.CaPemPath)[pem.Base64Data]) : []);
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, _server.HttpsPort, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { ca }, RevocationMode = X509RevocationMode.NoCheck },
            },
        };
        using var https = new HttpClient(handler);

        using var response = await https.PostAsync(new Uri("https://api.openai.com/v1/chat/completions"), new StringContent("""{"model":"m","messages":[]}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("api.openai.com", Assert.Single(_server.Requests).Host);
    }

    private async Task<List<(string? Name, JsonObject Data)>> PostSseAsync(string path, JsonObject body)
    {
        using var response = await _http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var events = new List<(string?, JsonObject)>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            var name = lines.FirstOrDefault(l => l.StartsWith("event: ", StringComparison.Ordinal))?["event: ".Length..];
            var data = lines.First(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
            if (data != "[DONE]")
            {
                events.Add((name, JsonNode.Parse(data)!.AsObject()));
            }
        }

        return events;
    }
}
