using System.IO.Pipelines;
using System.Text;
using Vibedom.Proxy.Credentials;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Proxy.Tests.Credentials;

/// <summary>
/// The credential transform on synthetic exchanges: the sentinel becomes the real value in each place a client puts
/// it, only on a bound host and only over intercepted TLS; anywhere else it stays a sentinel.
/// </summary>
public sealed class CredentialRequestTransformTests
{
    private readonly ProxyCredential _credential = ProxyCredential.Create("ANTHROPIC_API_KEY", TestCredentials.AnthropicKey(), ["api.anthropic.test"]);

    private IRequestTransform Transform => CredentialTransforms.Request([_credential])[0];

    private IRequestTransform OptedIn => CredentialTransforms.Request(
        [new ProxyCredential(_credential.Name, Sentinel, Real, _credential.Hosts, CredentialPlaces.Header | CredentialPlaces.Path | CredentialPlaces.Query | CredentialPlaces.Body)])[0];

    private string Sentinel => _credential.Sentinel;

    private string Real => _credential.Value;

    [Fact]
    public async Task A_bearer_token_and_an_api_key_header_get_the_real_value_on_the_bound_host()
    {
        var exchange = new StageHarness().Request("POST", "https://api.anthropic.test/v1/messages", new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer " + Sentinel,
            ["x-api-key"] = Sentinel,
            ["x-other"] = "unchanged",
        });

        await StageHarness.ApplyAsync(exchange, Transform);

        var headers = exchange.Http!.Request.Headers;
        Assert.Equal("Bearer " + Real, headers.Authorization.ToString());
        Assert.Equal(Real, headers["x-api-key"].ToString());
        Assert.Equal("unchanged", headers["x-other"].ToString());
        Assert.Equal("identity", headers.AcceptEncoding.ToString());
        Assert.False(exchange.IsStopped);
        Assert.Equal("credential ANTHROPIC_API_KEY sent in header authorization, header x-api-key", exchange.Notes);
        Assert.DoesNotContain(Real, exchange.Notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sentinel_inside_basic_auth_is_swapped_inside_its_base64()
    {
        var basic = Convert.ToBase64String(Encoding.ASCII.GetBytes("agent:" + Sentinel));
        var exchange = new StageHarness().Request("GET", "https://api.anthropic.test/v1/models", new Dictionary<string, string> { ["Authorization"] = "Basic " + basic });

        await StageHarness.ApplyAsync(exchange, Transform);

        var sent = exchange.Http!.Request.Headers.Authorization.ToString();
        Assert.StartsWith("Basic ", sent, StringComparison.Ordinal);
        Assert.Equal("agent:" + Real, Encoding.ASCII.GetString(Convert.FromBase64String(sent["Basic ".Length..])));
    }

    [Fact]
    public async Task A_sentinel_in_the_query_and_the_path_is_swapped_when_the_binding_opts_in()
    {
        var exchange = new StageHarness().Request("GET", $"https://api.anthropic.test/keys/{Sentinel}/check?key={Sentinel}&x=1");

        await StageHarness.ApplyAsync(exchange, OptedIn);

        var request = exchange.Http!.Request;
        Assert.Equal($"/keys/{Real}/check", request.Path.Value);
        Assert.Equal($"?key={Uri.EscapeDataString(Real)}&x=1", request.QueryString.Value);
        Assert.DoesNotContain(Real, exchange.Target.Url, StringComparison.Ordinal); // the recorded URL is the agent's
    }

    [Fact]
    public async Task A_body_with_content_length_gets_the_real_value_and_keeps_its_length_when_the_binding_opts_in()
    {
        var body = $"{{\"api_key\":\"{Sentinel}\",\"again\":\"{Sentinel}\"}}";
        var exchange = new StageHarness().Request("POST", "https://api.anthropic.test/v1/messages", body: body);

        await StageHarness.ApplyAsync(exchange, OptedIn);

        var request = exchange.Http!.Request;
        var sent = await new StreamReader(request.Body).ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.Equal(body.Replace(Sentinel, Real, StringComparison.Ordinal), sent);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), request.ContentLength);
        Assert.Equal(Encoding.UTF8.GetByteCount(sent), request.ContentLength);
        Assert.Equal("credential ANTHROPIC_API_KEY sent in body", exchange.Notes);
    }

    [Fact]
    public async Task A_chunked_body_with_the_sentinel_split_across_two_writes_gets_the_real_value_when_opted_in()
    {
        var exchange = new StageHarness().Request("POST", "https://api.anthropic.test/v1/messages");
        var pipe = new Pipe();
        exchange.Http!.Request.Body = pipe.Reader.AsStream();

        await StageHarness.ApplyAsync(exchange, OptedIn);
        var reading = new StreamReader(exchange.Http.Request.Body).ReadToEndAsync(TestContext.Current.CancellationToken);
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes("{\"key\":\"" + Sentinel[..40]), TestContext.Current.CancellationToken);
        await Task.Yield();
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes(Sentinel[40..] + "\"}"), TestContext.Current.CancellationToken);
        await pipe.Writer.CompleteAsync();

        Assert.Equal("{\"key\":\"" + Real + "\"}", await reading);
    }

    [Fact]
    public async Task By_default_a_sentinel_in_the_path_query_body_or_another_header_of_a_bound_request_stays_a_sentinel()
    {
        var body = $"{{\"prompt\":\"write this reversed: {Sentinel}\"}}";
        var exchange = new StageHarness().Request("POST", $"https://api.anthropic.test/gists/{Sentinel}?key={Sentinel}", new Dictionary<string, string>
        {
            ["x-api-key"] = Sentinel,
            ["x-note"] = Sentinel,
        }, body);

        await StageHarness.ApplyAsync(exchange, Transform);

        var request = exchange.Http!.Request;
        Assert.Equal(Real, request.Headers["x-api-key"].ToString());
        Assert.Equal(Sentinel, request.Headers["x-note"].ToString());
        Assert.Equal($"/gists/{Sentinel}", request.Path.Value);
        Assert.Equal($"?key={Sentinel}", request.QueryString.Value);
        Assert.Equal(body, await new StreamReader(request.Body).ReadToEndAsync(TestContext.Current.CancellationToken));
        Assert.Equal("credential ANTHROPIC_API_KEY sent in header x-api-key", exchange.Notes);
    }

    [Fact]
    public async Task A_header_the_binding_names_and_any_authorization_scheme_get_the_real_value()
    {
        var transform = CredentialTransforms.Request([new ProxyCredential(_credential.Name, Sentinel, Real, _credential.Hosts, CredentialPlaces.Header, ["X-Custom-Key"])])[0];
        var exchange = new StageHarness().Request("GET", "https://api.anthropic.test/v1/models", new Dictionary<string, string>
        {
            ["Authorization"] = "Token " + Sentinel,
            ["x-custom-key"] = Sentinel,
            ["x-goog-api-key"] = Sentinel,
            ["api-key"] = Sentinel,
        });

        await StageHarness.ApplyAsync(exchange, transform);

        var headers = exchange.Http!.Request.Headers;
        Assert.Equal("Token " + Real, headers.Authorization.ToString());
        Assert.Equal([Real, Real, Real], new[] { headers["x-custom-key"].ToString(), headers["x-goog-api-key"].ToString(), headers["api-key"].ToString() });
    }

    [Fact]
    public async Task A_sentinel_sent_to_an_unbound_host_stays_a_sentinel()
    {
        var body = "key=" + Sentinel;
        var exchange = new StageHarness().Request("POST", $"https://collector.test/x?k={Sentinel}", new Dictionary<string, string> { ["x-api-key"] = Sentinel }, body);

        await StageHarness.ApplyAsync(exchange, OptedIn);

        var request = exchange.Http!.Request;
        Assert.Equal(Sentinel, request.Headers["x-api-key"].ToString());
        Assert.Equal($"?k={Sentinel}", request.QueryString.Value);
        Assert.Equal(body, await new StreamReader(request.Body).ReadToEndAsync(TestContext.Current.CancellationToken));
        Assert.Null(exchange.Notes);
    }

    [Fact]
    public async Task A_subdomain_of_the_bound_host_is_not_bound()
    {
        var exchange = new StageHarness().Request("GET", "https://evil.api.anthropic.test/", new Dictionary<string, string> { ["x-api-key"] = Sentinel });

        await StageHarness.ApplyAsync(exchange, OptedIn);

        Assert.Equal(Sentinel, exchange.Http!.Request.Headers["x-api-key"].ToString());
    }

    [Fact]
    public async Task A_plain_http_request_to_the_bound_host_keeps_the_sentinel()
    {
        var exchange = new StageHarness().Request("POST", "http://api.anthropic.test/v1/messages", new Dictionary<string, string> { ["x-api-key"] = Sentinel }, "k=" + Sentinel);

        await StageHarness.ApplyAsync(exchange, Transform);

        var request = exchange.Http!.Request;
        Assert.Equal(Sentinel, request.Headers["x-api-key"].ToString());
        Assert.Equal("k=" + Sentinel, await new StreamReader(request.Body).ReadToEndAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_connect_to_the_bound_host_is_left_alone()
    {
        var exchange = await StageHarness.ApplyAsync(new StageHarness().Connect("api.anthropic.test", 443), Transform);

        Assert.False(exchange.IsStopped);
        Assert.Null(exchange.Notes);
    }
}
