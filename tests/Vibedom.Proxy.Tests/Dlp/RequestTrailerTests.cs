using System.Globalization;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.Proxy.Tests.Dlp;

/// <summary>
/// Request trailers (fields sent after the body) through the real proxy, from a real client that can send them: Node's
/// http2 and https (curl and .NET's HttpClient cannot). The proxy's upstream client (YARP over SocketsHttpHandler:
/// an <see cref="HttpRequestMessage"/> has no request trailers) cannot send them, so they are dropped, never relayed
/// unscanned, in every DLP mode; the control sends the same request straight to the upstream, which records what arrived
/// after the body (<c>trailer:NAME</c>), so the client does send it. A guard: a runtime that forwards request trailers
/// would need them through DLP (<c>DlpHeaders</c>, as request headers) before it is used.
/// </summary>
public sealed class RequestTrailerTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    /// <summary>
    /// POSTs <c>hello</c> with the trailer <c>x-note: VALUE</c>, over h2 or HTTP/1.1 (chunked), through a CONNECT proxy
    /// or straight to the upstream (<c>-</c>); prints the status, the protocol and the answer.
    /// </summary>
    private const string Client = """
        const http = require('http'), https = require('https'), http2 = require('http2'), tls = require('tls'), fs = require('fs');
        const [protocol, proxyUrl, ca, host, port, path, value] = process.argv.slice(1); // node -e: no script name
        const fail = (what, e) => { console.error(what, e.message); process.exit(2); };
        function h2(secure) {
          const session = http2.connect(`https://${host}`, { createConnection: () => secure });
          const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'text/plain', 'te': 'trailers' }, { waitForTrailers: true });
          stream.on('wantTrailers', () => stream.sendTrailers({ 'x-note': value }));
          let out = '';
          stream.on('response', h => { out += `${h[':status']} ${secure.alpnProtocol}\n`; });
          stream.setEncoding('utf8');
          stream.on('data', d => out += d);
          stream.on('end', () => { process.stdout.write(out); session.close(); });
          stream.on('error', e => fail('stream', e));
          stream.end('hello');
        }
        function h1(secure) {
          const request = https.request({ createConnection: () => secure, host, path, method: 'POST',
            headers: { 'host': host, 'content-type': 'text/plain', 'transfer-encoding': 'chunked', 'trailer': 'x-note', 'connection': 'close' } }, response => {
            let out = `${response.statusCode} http/1.1\n`;
            response.setEncoding('utf8');
            response.on('data', d => out += d);
            response.on('end', () => process.stdout.write(out));
          });
          request.on('error', e => fail('request', e));
          request.write('hello');
          request.addTrailers({ 'x-note': value });
          request.end();
        }
        function send(socket) {
          const secure = tls.connect({ socket, host: '127.0.0.1', port: Number(port), servername: host, ca: fs.readFileSync(ca),
            ALPNProtocols: [protocol === 'h2' ? 'h2' : 'http/1.1'] });
          secure.on('error', e => fail('tls', e));
          secure.on('secureConnect', () => (protocol === 'h2' ? h2 : h1)(secure));
        }
        if (proxyUrl === '-') { send(undefined); } else {
          const proxy = new URL(proxyUrl);
          const connect = http.request({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: `${host}:443` });
          connect.on('connect', (res, socket) => res.statusCode === 200 ? send(socket) : fail('connect', new Error(String(res.statusCode))));
          connect.on('error', e => fail('proxy', e));
          connect.end();
        }
        """;

    [Theory]
    [InlineData("h2", DlpMode.Scrub)]
    [InlineData("h2", DlpMode.Log)]
    [InlineData("h2", DlpMode.Block)]
    [InlineData("http/1.1", DlpMode.Scrub)]
    public async Task A_secret_in_a_request_trailer_never_reaches_the_upstream(string protocol, DlpMode secrets)
    {
        Prerequisite.RequireCommand("node");
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n", adjust: o => o with { Dlp = DlpSettings.Default with { Secrets = secrets } });
        var note = "note " + DlpUnderTest.Aws;
        var (straight, proxied) = ($"/record/{Guid.NewGuid():N}", $"/record/{Guid.NewGuid():N}");

        var control = await SendAsync(protocol, "-", upstream.CaPemPath, upstream.HttpsPort, straight, note);
        var result = await SendAsync(protocol, proxy.ProxyUrl, proxy.CaPath, 443, proxied, note);

        Assert.True(control.ExitCode == 0, control.StandardError);
        Assert.Equal(note, Received(straight).Headers["trailer:x-note"]); // the client sends it, the upstream reads it
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal($"200 {protocol}\nrecorded 5\n", result.StandardOutput);
        var received = Received(proxied);
        Assert.Equal("hello", UpstreamServer.Text(received.Body));
        Assert.DoesNotContain(DlpUnderTest.Aws, received.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(received.Headers.Keys, k => k.StartsWith("trailer:", StringComparison.Ordinal));
        Assert.DoesNotContain(DlpUnderTest.Aws, File.ReadAllText(proxy.NetworkLogPath), StringComparison.Ordinal);
    }

    private ReceivedRequest Received(string target) => Assert.Single(upstream.Received, r => r.Target == target);

    private static Task<ToolResult> SendAsync(string protocol, string proxyUrl, string ca, int port, string path, string value) =>
        Tool.RunAsync("node", ["-e", Client, "--", protocol, proxyUrl, ca, UpstreamServer.Name, port.ToString(CultureInfo.InvariantCulture), path, value]);
}
