using System.Text;
using Vibedom.Core.Processes;
using Vibedom.IntegrationTests.Network;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Dlp;

/// <summary>
/// Issue 11: curl, Python and Node inside a real sandbox send secrets and PII through the real proxy to a loopback
/// upstream that records what it receives. Each value exists only at run time: the script inside assembles it from
/// halves (no whole value in argv, the workspace or the repository), so what catches it is the proxy's patterns.
/// </summary>
public sealed class DlpSandboxTests
{
    private static readonly (string Name, string Value)[] Values =
    [
        ("aws", TestSecrets.AwsAccessKeyId),
        ("github", TestSecrets.GitHubPat),
        ("stripe", TestSecrets.StripeLiveKey),
        ("email", string.Concat("jane.doe", "@", "example", ".org")),
        ("card", string.Concat("4111 1111", " 1111 1111")),
        ("iban", string.Concat("DE89 3704 0044", " 0532 0130 00")),
    ];

    [Fact]
    public async Task Curl_python_and_node_in_the_sandbox_send_values_that_arrive_redacted_in_every_framing_and_no_record_holds_them()
    {
        await using var s = await ProxiedSession.StartAsync();
        File.WriteAllText(Path.Combine(s.Workspace, "traffic.sh"), Script(s));
        File.WriteAllText(Path.Combine(s.Workspace, "chunked.py"), ChunkedPython);
        File.WriteAllText(Path.Combine(s.Workspace, "pem.js"), PemNode);

        var result = await s.RunInSandboxAsync("bash traffic.sh");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var received = s.Upstream.Received;
        string[] framings = ["query", "header", "gzip", "multipart", "octet", "base64", "chunked", "pem"];
        foreach (var framing in framings)
        {
            Assert.Contains(received, r => r.Target.StartsWith("/record/" + framing, StringComparison.Ordinal));
        }

        var pem = TestSecrets.PrivateKeyPem;
        foreach (var request in received)
        {
            var text = request.AllText;
            foreach (var (name, value) in Values.Append(("pem-body", pem.Split('\n')[1])).Append(("b64", B64)))
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"{request.Target} received {name}");
            }

            Assert.Contains("REDACTED_", Uri.UnescapeDataString(text), StringComparison.Ordinal);
        }

        var octet = Assert.Single(received, r => r.Target.StartsWith("/record/octet", StringComparison.Ordinal));
        Assert.True(octet.Body.Length > 600 * 1024);
        var lines = s.NetworkLog().Where(l => l.GetProperty("url").GetString()!.Contains("/record/", StringComparison.Ordinal)).ToList();
        Assert.All(lines, l => Assert.NotEqual(0, l.GetProperty("scrubbed").GetArrayLength()));

        // nothing vibedom wrote, and nothing it printed, holds a value
        var written = Directory.EnumerateFiles(s.Vibedom.Home, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/changes/", StringComparison.Ordinal) && !f.Contains("/applied/", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(written, f => f.EndsWith("network.jsonl", StringComparison.Ordinal));
        foreach (var text in written.Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))).Append(result.StandardOutput).Append(result.StandardError))
        {
            foreach (var (name, value) in Values.Append(("b64", B64)))
            {
                Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"a record holds {name}");
            }
        }
    }

    [Fact]
    public async Task In_block_mode_the_agent_gets_403_naming_the_rule_and_the_upstream_sees_nothing()
    {
        await using var s = await ProxiedSession.StartAsync();
        File.AppendAllText(Path.Combine(s.Vibedom.Home, "config.toml"), "\n[dlp]\nsecrets = \"block\"\n");
        var (a, b) = Halves(TestSecrets.AwsAccessKeyId);

        var result = await s.RunInSandboxAsync(
            $"curl -s -i --data-binary \"key={a}\"'{b}' '{s.HttpsUrl("/record/blocked")}' | tr -d '\\r' | grep -i -E '^(HTTP|x-vibedom-denied)'");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Matches("HTTP/(2|1.1) 403", result.StandardOutput);
        Assert.Contains("x-vibedom-denied: dlp:", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(s.Upstream.Received, r => r.Target.StartsWith("/record/blocked", StringComparison.Ordinal));
        var line = Assert.Single(s.NetworkLog(), l => l.GetProperty("url").GetString()!.Contains("/record/blocked", StringComparison.Ordinal));
        Assert.False(line.GetProperty("allowed").GetBoolean());
        Assert.Equal(403, line.GetProperty("status").GetInt32());
    }

    /// <summary>
    /// A value passed through <c>[run] env</c> (the agent's own API key) reaches the upstream as it is, while a value
    /// the pre-flight scan found in the workspace is scrubbed wherever it appears, even bare and shaped like no rule.
    /// </summary>
    [Fact]
    public async Task A_passed_variable_reaches_its_host_unchanged_while_a_workspace_value_is_scrubbed_even_bare()
    {
        await using var s = await ProxiedSession.StartAsync();
        var passed = string.Concat("agent-", Guid.NewGuid().ToString("D")); // shaped like no rule: only an exact value could catch it
        var password = TestSecrets.DbPassword;
        File.WriteAllText(Path.Combine(s.Workspace, "settings.ini"), $"db_password = \"{password}\"\n"); // gitleaks:allow (assembled at run time)
        File.AppendAllText(Path.Combine(s.Vibedom.Home, "config.toml"), "\n[run]\nenv = [\"AGENT_API_KEY\"]\n");
        var environment = s.Vibedom.Environment();
        environment["AGENT_API_KEY"] = passed;

        var result = await s.Vibedom.RunAsync(
            ["run", s.Workspace, "--yes", "--allow-high-risk", "--", "bash", "-c",
             $"P=$(cut -d'\"' -f2 settings.ini); curl -sS -o /dev/null -H \"X-Api-Key: $AGENT_API_KEY\" --data-binary \"note $P end\" '{s.HttpsUrl("/record/env")}'"],
            input: null, environment: environment);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var received = Assert.Single(s.Upstream.Received, r => r.Target.StartsWith("/record/env", StringComparison.Ordinal));
        Assert.Equal(passed, received.Headers["x-api-key"]);
        Assert.Equal("note [REDACTED_PREFLIGHT] end", Encoding.UTF8.GetString(received.Body));
    }

    /// <summary>
    /// A value the pre-flight found in a file whose name is not UTF-8 (byte 0xff) is scrubbed like any workspace value:
    /// the agent reads it and sends it bare, shaped like no rule, and it arrives redacted. The old scan could not open
    /// that file (listed as not scanned; --yes went on) and the value arrived as sent.
    /// </summary>
    [Fact]
    public async Task A_workspace_value_in_a_file_whose_name_is_not_utf8_is_scrubbed_when_sent_bare()
    {
        Prerequisite.RequireCommand("python3");
        await using var s = await ProxiedSession.StartAsync();
        await ProcessRunner.Default.RunCheckedAsync(
            new ProcessSpec("python3", ["-c", "import sys; open(b'settings\\xff.ini','w').write(sys.argv[1])", $"db_password = \"{TestSecrets.DbPassword}\"\n"]) { WorkingDirectory = s.Workspace }, // gitleaks:allow (assembled at run time)
            TestContext.Current.CancellationToken);

        var result = await s.Vibedom.RunAsync(
            ["run", s.Workspace, "--yes", "--allow-high-risk", "--", "bash", "-c",
             $"P=$(cut -d'\"' -f2 settings$'\\xff'.ini); curl -sS -o /dev/null --data-binary \"note $P end\" '{s.HttpsUrl("/record/raw-name")}'"],
            input: null, environment: s.Vibedom.Environment());

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var received = Assert.Single(s.Upstream.Received, r => r.Target.StartsWith("/record/raw-name", StringComparison.Ordinal));
        Assert.Equal("note [REDACTED_PREFLIGHT] end", Encoding.UTF8.GetString(received.Body));
    }

    /// <summary>The base64 of a line with the AWS key: the scanner decodes it.</summary>
    private static string B64 => Convert.ToBase64String(Encoding.UTF8.GetBytes($"aws_access_key_id = {TestSecrets.AwsAccessKeyId}\n"));

    private static (string, string) Halves(string value) => (value[..(value.Length / 2)], value[(value.Length / 2)..]);

    /// <summary>Shell variables holding each value in two halves, joined only when the script runs.</summary>
    private static string Variables()
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in Values.Append(("b64", B64)))
        {
            var (a, b) = Halves(value);
            builder.Append(name.ToUpperInvariant()).Append("=\"").Append(a).Append("\"'").Append(b).Append("'\n");
        }

        var pem = TestSecrets.PrivateKeyPem;
        var half = pem.Length / 2;
        builder.Append("export PEM=\"$(printf '%s' '").Append(pem[..half]).Append("')\"\"$(printf '%s' '").Append(pem[half..]).Append("')\"\n");
        return builder.ToString();
    }

    private static string Script(ProxiedSession s)
    {
        var https = s.HttpsUrl("/record");
        var http = s.HttpUrl("/record");
        return $$"""
            set -e
            {{Variables()}}
            export ALL="aws=$AWS github=$GITHUB stripe=$STRIPE mail=$EMAIL card=$CARD iban=$IBAN"
            curl -sS -o /dev/null "{{https}}/query?key=$AWS&$STRIPE=1&mail=$(python3 -c 'import urllib.parse,os;print(urllib.parse.quote(os.environ["ALL"].split()[3][5:]))')"
            curl -sS -o /dev/null -H "Authorization: Bearer $GITHUB" -H "X-Card: $CARD" "{{https}}/header"
            printf '{"prompt":"%s"}\n' "$ALL" | gzip -c > body.gz
            curl -sS -o /dev/null -H 'Content-Encoding: gzip' -H 'Content-Type: application/json' --data-binary @body.gz "{{https}}/gzip"
            printf 'notes with %s\n' "$ALL" > notes.txt
            curl -sS -o /dev/null -F "file=@notes.txt" -F "comment=$EMAIL" "{{https}}/multipart"
            head -c 614400 /dev/urandom > blob.bin; printf '\n%s\n' "$ALL" >> blob.bin
            curl -sS -o /dev/null -H 'Content-Type: application/octet-stream' --data-binary @blob.bin "{{https}}/octet"
            curl -sS -o /dev/null -H 'Content-Type: text/plain' --data-binary "blob: $B64" "{{https}}/base64"
            ALL="$ALL" python3 chunked.py "{{https}}/chunked"
            node pem.js "{{http}}/pem"
            echo traffic done
            """;
    }

    /// <summary>A chunked upload whose AWS key is split across two chunks written 200 ms apart (urllib honours HTTPS_PROXY).</summary>
    private const string ChunkedPython = """
        import os, sys, time, urllib.request
        line = "prefix " + os.environ["ALL"] + "\n"
        cut = line.index("aws=") + 10
        def body():
            yield line[:cut].encode()
            time.sleep(0.2)
            yield line[cut:].encode()
        req = urllib.request.Request(sys.argv[1], data=body(), method="POST", headers={"Content-Type": "text/plain"})
        urllib.request.urlopen(req).read()
        """;

    /// <summary>A JSON body with a PEM key, JSON-escaped (\n), sent by Node through HTTP_PROXY in absolute form.</summary>
    private const string PemNode = """
        const http = require("http");
        const proxy = new URL(process.env.HTTP_PROXY);
        const body = JSON.stringify({ key: process.env.PEM, note: process.env.ALL });
        const req = http.request({ host: proxy.hostname, port: proxy.port, method: "POST", path: process.argv[2],
          headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), Host: new URL(process.argv[2]).host } },
          res => { res.resume(); res.on("end", () => process.exit(res.statusCode === 200 ? 0 : 1)); });
        req.on("error", e => { console.error(e.message); process.exit(2); });
        req.end(body);
        """;
}
