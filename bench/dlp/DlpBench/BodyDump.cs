namespace Vibedom.Dlp.Bench;

/// <summary>
/// DLP_BENCH_DUMP=DIR: writes bench/proxy's two 60 KB bodies (post.bin, get.bin) and each repeated 1,000 times
/// (post1000.bin, get1000.bin) for a peer scanner to read (bench/dlp/regex-floor.sh), then the bench stops.
/// </summary>
internal static class BodyDump
{
    public const int Repeats = 1000;

    public static bool Run()
    {
        if (Environment.GetEnvironmentVariable("DLP_BENCH_DUMP") is not { Length: > 0 } folder)
        {
            return false;
        }

        Directory.CreateDirectory(folder);
        foreach (var (name, body) in new[] { ("post", Vibedom.Bench.BenchBodies.ChatJson60K()), ("get", Vibedom.Bench.BenchBodies.Json60K()) })
        {
            File.WriteAllBytes(Path.Combine(folder, name + ".bin"), body);
            using var many = File.Create(Path.Combine(folder, name + Repeats + ".bin"));
            for (var i = 0; i < Repeats; i++)
            {
                many.Write(body);
            }
        }

        return true;
    }
}
