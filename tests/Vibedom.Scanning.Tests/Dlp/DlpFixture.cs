using System.Buffers;
using System.Text;
using Vibedom.Scanning.Dlp;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>Engines over vibedom's default rules, and a body scrubbed write by write.</summary>
internal static class DlpFixture
{
    public static DlpEngine Engine(DlpPolicy? policy = null, IEnumerable<string>? exact = null, DlpLimits? limits = null) =>
        DlpEngine.Create(CompiledRules.Defaults, exact ?? [], policy ?? DlpPolicy.ReplaceAll, limits ?? DlpLimits.Default);

    public static DlpEngine Replacing { get; } = Engine();

    /// <summary>The body's bytes through a fresh scrubber, one write per chunk; the output and hits.</summary>
    public static (byte[] Output, IReadOnlyList<DlpHit> Hits) Scrub(DlpEngine engine, params byte[][] chunks)
    {
        using var scrubber = engine.CreateBodyScrubber();
        var output = new ArrayBufferWriter<byte>();
        foreach (var chunk in chunks)
        {
            scrubber.Write(chunk, output);
        }

        scrubber.Complete(output);
        return (output.WrittenSpan.ToArray(), scrubber.Hits);
    }

    public static (string Output, IReadOnlyList<DlpHit> Hits) Scrub(DlpEngine engine, params string[] chunks)
    {
        var (output, hits) = Scrub(engine, chunks.Select(Encoding.UTF8.GetBytes).ToArray());
        return (Encoding.UTF8.GetString(output), hits);
    }

    public static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
