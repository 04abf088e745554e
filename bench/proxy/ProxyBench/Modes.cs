using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vibedom.Bench;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Hosting;
using Vibedom.Proxy.Tls;

namespace Vibedom.Proxy.Bench;

internal static class Modes
{
    public static int Pki(string dir)
    {
        Directory.CreateDirectory(dir);
        var now = TimeProvider.System.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=bench upstream CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        File.WriteAllText(Path.Combine(dir, "upstream-ca.pem"), ca.ExportCertificatePem());

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var leaf = request.Create(ca, now.AddDays(-1), now.AddDays(29), [9, 8, 7, 6, 5, 4, 3, 2]);
        File.WriteAllText(Path.Combine(dir, "upstream.crt"), leaf.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "upstream.key"), key.ExportPkcs8PrivateKeyPem());
        CertificateAuthority.EnsureCreated(Path.Combine(dir, "ca"), TimeProvider.System);
        File.WriteAllBytes(Path.Combine(dir, "post-60k.json"), BenchBodies.ChatJson60K());
        return 0;
    }

    public static async Task<int> UpstreamAsync(string dir, int httpsPort, int httpPort)
    {
        var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(dir, "upstream.crt"), Path.Combine(dir, "upstream.key"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.ListenLocalhost(httpsPort, o =>
            {
                o.Protocols = HttpProtocols.Http1AndHttp2;
                o.UseHttps(certificate);
            });
            k.ListenLocalhost(httpPort);
        });
        var app = builder.Build();
        var small = "hello world\n"u8.ToArray();
        var json = BenchBodies.Json60K();
        var chunk = new byte[64 * 1024];
        app.Run(async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/small":
                    context.Response.ContentLength = small.Length;
                    await context.Response.Body.WriteAsync(small);
                    break;
                case "/json":
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength = json.Length;
                    await context.Response.Body.WriteAsync(json);
                    break;
                case "/sink": // a POST: the body is read whole, the answer is small
                    await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
                    context.Response.ContentLength = small.Length;
                    await context.Response.Body.WriteAsync(small);
                    break;
                case "/big":
                    var mb = int.Parse(context.Request.Query["mb"].ToString(), CultureInfo.InvariantCulture);
                    context.Response.ContentLength = mb * 1024L * 1024;
                    for (var i = 0; i < mb * 16; i++)
                    {
                        await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    }

                    break;
                case "/sse":
                    var n = int.Parse(context.Request.Query["n"].ToString(), CultureInfo.InvariantCulture);
                    var ms = int.Parse(context.Request.Query["ms"].ToString(), CultureInfo.InvariantCulture);
                    context.Response.ContentType = "text/event-stream";
                    for (var i = 0; i < n; i++)
                    {
                        await context.Response.WriteAsync($"data: {{\"i\":{i}}}\n\n");
                        await context.Response.Body.FlushAsync();
                        await Task.Delay(ms);
                    }

                    break;
                default:
                    context.Response.StatusCode = 404;
                    break;
            }
        });
        await app.StartAsync();
        Console.WriteLine("ready");
        await app.WaitForShutdownAsync(CancellationToken.None);
        return 0;
    }

    /// <param name="dlp">True: <see cref="BenchDlp.Settings"/>; false: no DLP (<c>ProxyOptions.Dlp</c> null).</param>
    public static async Task<int> ProxyAsync(string dir, int port, int httpsPort, int httpPort, bool dlp)
    {
        var allowlist = Path.Combine(dir, "trusted_domains.txt");
        // two proxies of an A/B start at once over one folder: each replaces the file whole (a truncating write let the
        // other read it empty at its start: every request denied)
        var staged = allowlist + "." + Environment.ProcessId;
        await File.WriteAllTextAsync(staged, $"localhost:{httpsPort}\nlocalhost:{httpPort}\n");
        File.Move(staged, allowlist, overwrite: true);
        var watch = Stopwatch.StartNew();
        await using var proxy = await EgressProxy.StartAsync(new ProxyOptions
        {
            LoopbackPort = port,
            AllowlistPath = allowlist,
            UpstreamCaFiles = [Path.Combine(dir, "upstream-ca.pem")],
            AllowPrivate = ["127.0.0.1/32", "::1/128"],
            CaCertificatePath = Path.Combine(dir, "ca", CertificateAuthority.CertificateFileName),
            CaKeyPath = Path.Combine(dir, "ca", CertificateAuthority.KeyFileName),
            // in a folder of its own, as a session's (<session>/network.jsonl, apart from ~/.vibedom/trusted_domains.txt):
            // beside the allowlist, every line written would wake the allowlist's watcher
            NetworkLogPath = Path.Combine(dir, "session", dlp ? "network-dlp.jsonl" : "network.jsonl"),
            Dlp = dlp ? BenchDlp.Settings() : null,
        });
        await File.WriteAllTextAsync(Path.Combine(dir, dlp ? "start-ms-dlp" : "start-ms"), watch.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture));
        Console.WriteLine("ready");
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.TrySetResult();
        });
        await stop.Task;
        // for bench/proxy/ab-small.sh: bytes allocated and gen0 collections over the process's life
        await File.WriteAllTextAsync(
            Path.Combine(dir, dlp ? "alloc-dlp" : "alloc"),
            string.Create(CultureInfo.InvariantCulture, $"{GC.GetTotalAllocatedBytes(precise: true)} {GC.CollectionCount(0)}"));
        return 0;
    }

    /// <summary>Warm first-event latency: one request to open the tunnel, then N timed requests on it.</summary>
    public static async Task<int> SseAsync(string proxyUrl, string caFile, string url, int count)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        using var client = new HttpClient(new SocketsHttpHandler
        {
            Proxy = new WebProxy(proxyUrl),
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        });
        var samples = new List<double>();
        for (var i = 0; i <= count; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(stream);
            await reader.ReadLineAsync();
            var first = watch.Elapsed.TotalMilliseconds;
            await reader.ReadToEndAsync();
            if (i > 0)
            {
                samples.Add(first);
            }
        }

        samples.Sort();
        Console.WriteLine(samples[samples.Count / 2].ToString("0.0", CultureInfo.InvariantCulture));
        return 0;
    }
}
