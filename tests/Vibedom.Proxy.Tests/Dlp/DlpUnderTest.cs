using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Scanning;
using Vibedom.Scanning.Redaction;
using Vibedom.Testing;

namespace Vibedom.Proxy.Tests.Dlp;

/// <summary>The DLP transforms on synthetic exchanges (<see cref="StageHarness"/>), with the real engine and vibedom's rules.</summary>
internal sealed class DlpUnderTest
{
    public DlpUnderTest(DlpSettings? settings = null)
    {
        Engines = DlpEngines.Create(settings ?? DlpSettings.Default, CompiledRules.Defaults, []);
        Logger = DiagnosticsLoggerFactory.For(Diagnostics, s => s).CreateLogger("dlp-test");
        Request = new DlpRequestTransform(Engines, Logger);
        Response = new DlpResponseTransform(Engines, Logger);
    }

    public static string Aws => TestSecrets.AwsAccessKeyId;

    /// <summary>An e-mail address, assembled at run time.</summary>
    public static string Email => string.Concat("jane.doe", "@", "example", ".org");

    public DlpEngines Engines { get; }

    public RecordingDiagnostics Diagnostics { get; } = new();

    public ILogger Logger { get; }

    public DlpRequestTransform Request { get; }

    public DlpResponseTransform Response { get; }

    public StageHarness Harness { get; } = new(new KnownSecrets());

    public async Task<Exchange> ApplyAsync(Exchange exchange) => await StageHarness.ApplyAsync(exchange, Request);

    public static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
