using System.Diagnostics;
using System.Text;
using Vibedom.Dlp.Bench;
using Vibedom.Scanning;
using Vibedom.Scanning.Dlp;
using Vibedom.Scanning.Rules;

// DLP quality and cost; vibedom's default rules against gitleaks' default config (loaded with the same engine),
// measured in the same run. Not a test: it prints figures and ratios, it asserts nothing.
//   DlpBench <path to gitleaks.toml> [seconds per cost row]
if (BodyDump.Run())
{
    return;
}

var gitleaksToml = args.Length > 0 ? args[0] : "/work/shared/conformance/gitleaks/gitleaks.toml";
var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2;
var ours = WholeEngine(CompiledRules.Defaults, [], DlpPolicy.ReplaceAll);
var gitleaks = WholeEngine(new CompiledRules(RuleLoader.LoadFile(gitleaksToml)), [], new DlpPolicy(DlpAction.Replace, DlpAction.Off));
var random = new Random(2026);
if (Environment.GetEnvironmentVariable("DLP_BENCH_ONLY") == "conversation")
{
    // an agent's conversation re-sent turn by turn (DLP_BENCH_ONLY=conversation DLP_BENCH_DIR=<bodies in order> DlpBench
    // toml seconds): each body whole, with every body scanned whole against the engine that scans only what differs
    // from the bodies it knows (KnownBodies); every round a new conversation (its first message changed), so no body
    // is ever sent twice
    var turns = Vibedom.Bench.BenchBodies.Conversation(Environment.GetEnvironmentVariable("DLP_BENCH_DIR") ?? ".");
    var values = Enumerable.Range(0, 4).Select(_ => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20))).ToArray();
    // twice each, alternated: the first rows of a process also pay its warm-up
    var wholeEngine = WholeEngine(CompiledRules.Defaults, values, DlpPolicy.ReplaceAll);
    var knownEngine = DlpEngine.Create(CompiledRules.Defaults, values, DlpPolicy.ReplaceAll);
    foreach (var (name, engine) in new[] { ("whole", wholeEngine), ("known bodies", knownEngine), ("whole", wholeEngine), ("known bodies", knownEngine) })
    {
        var (ms, scanned) = ConversationCost(engine, turns, seconds);
        Console.WriteLine($"conversation of {turns.Length} bodies ({turns.Average(t => t.Length) / 1024:F0} KB average), {name}: {ms:F3} CPU ms/body, {scanned:P0} of the bytes scanned");
    }

    return;
}

if (Environment.GetEnvironmentVariable("DLP_BENCH_ONLY") == "proxy")
{
    // only the proxy-shaped rows, for quick before/after runs (DLP_BENCH_ONLY=proxy DlpBench toml seconds)
    var onlyEngine = WholeEngine(CompiledRules.Defaults, Enumerable.Range(0, 4).Select(_ => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20))), DlpPolicy.ReplaceAll);
    // DLP_BENCH_BODY=post|get: bench/proxy's own body instead of the corpus's chat body
    var onlyBody = Environment.GetEnvironmentVariable("DLP_BENCH_BODY") switch
    {
        "post" => Vibedom.Bench.BenchBodies.ChatJson60K(),
        "get" => Vibedom.Bench.BenchBodies.Json60K(),
        { } path when File.Exists(path) => File.ReadAllBytes(path),
        _ => Corpus.ChatJson(60 << 10, new Random(2026)),
    };
    Console.WriteLine($"60 KB whole {Cost(onlyEngine, onlyBody, seconds, write: 0).CpuMsPerBody:F3} CPU ms/body; streamed {Cost(onlyEngine, onlyBody, seconds, write: 16 << 10).CpuMsPerBody:F3}");
    Console.WriteLine($"60 KB whole allocates {Allocated(onlyEngine, onlyBody)} B/body (this thread)");
    Console.WriteLine($"60 KB of keywords whole {Cost(onlyEngine, Corpus.KeywordJson(60 << 10), seconds, write: 0).CpuMsPerBody:F3} CPU ms/body");
    if (Environment.GetEnvironmentVariable("DLP_BENCH_PARTS") == "1")
    {
        foreach (var (name, policy) in new[] { ("both, no exact values", DlpPolicy.ReplaceAll), ("secrets only", new DlpPolicy(DlpAction.Replace, DlpAction.Off)), ("pii only", new DlpPolicy(DlpAction.Off, DlpAction.Replace)), ("off", new DlpPolicy(DlpAction.Off, DlpAction.Off)) })
        {
            Console.WriteLine($"60 KB whole, {name}: {Cost(WholeEngine(CompiledRules.Defaults, [], policy), onlyBody, seconds, write: 0).CpuMsPerBody:F3} CPU ms/body");
        }
    }

    if (Environment.GetEnvironmentVariable("DLP_BENCH_PROFILE") is { Length: > 0 } onlyProfile)
    {
        // a loop to attach perf to (DOTNET_PerfMapEnabled=1): the 60 KB body held whole, as a request body
        Console.WriteLine($"profile loop: {Cost(onlyEngine, onlyBody, double.Parse(onlyProfile, System.Globalization.CultureInfo.InvariantCulture), write: 0).CpuMsPerBody:F3} CPU ms/body");
    }

    return;
}

if (Environment.GetEnvironmentVariable("DLP_BENCH_ONLY") == "parts")
{
    // the engine's cost per class on the proxy's bodies held whole (DLP_BENCH_ONLY=parts DlpBench toml seconds):
    // both classes, each alone, and both off (the fixed cost: the plumbing and the decoded passes' searches)
    var partsExact = Enumerable.Range(0, 4).Select(_ => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20))).ToArray();
    foreach (var (bodyName, partsBody) in new[] { ("proxy POST", Vibedom.Bench.BenchBodies.ChatJson60K()), ("corpus 60 KB", Corpus.ChatJson(60 << 10, new Random(2026))), ("POST \\u", Corpus.EscapedAsDotNet(Vibedom.Bench.BenchBodies.ChatJson60K())) })
    {
        foreach (var (name, policy) in new[] { ("off", new DlpPolicy(DlpAction.Off, DlpAction.Off)), ("secrets", new DlpPolicy(DlpAction.Replace, DlpAction.Off)), ("pii", new DlpPolicy(DlpAction.Off, DlpAction.Replace)), ("on", DlpPolicy.ReplaceAll) })
        {
            if (Environment.GetEnvironmentVariable("DLP_BENCH_POLICY") is { Length: > 0 } only && only != name)
            {
                continue;
            }

            Console.WriteLine($"{bodyName,-12} {name,-8} whole {Cost(WholeEngine(CompiledRules.Defaults, partsExact, policy), partsBody, seconds, write: 0).CpuMsPerBody:F3} CPU ms/body");
        }

        if (Environment.GetEnvironmentVariable("DLP_BENCH_POLICY") is not { Length: > 0 } || Environment.GetEnvironmentVariable("DLP_BENCH_POLICY") == "on+nl")
        {
            // a workspace value JSON writes with a short escape (a private key's lines, a password with a quote)
            var multiLine = partsExact.Append(string.Join('\n', partsExact.Take(2))).ToArray();
            Console.WriteLine($"{bodyName,-12} {"on+nl",-8} whole {Cost(WholeEngine(CompiledRules.Defaults, multiLine, DlpPolicy.ReplaceAll), partsBody, seconds, write: 0).CpuMsPerBody:F3} CPU ms/body (4 values and one of two lines)");
        }
    }

    return;
}


string Scrub(DlpEngine engine, string body)
{
    using var scrubber = engine.CreateBodyScrubber();
    var output = new System.Buffers.ArrayBufferWriter<byte>();
    foreach (var chunk in Encoding.UTF8.GetBytes(body).Chunk(4096))
    {
        scrubber.Write(chunk, output);
    }

    scrubber.Complete(output);
    return Encoding.UTF8.GetString(output.WrittenSpan);
}

Console.WriteLine("== quality (corpus generated at run time) ==");
var secrets = Secrets.Cases(random).ToList();
var oursCaught = secrets.Count(c => !Scrub(ours, c.Body).Contains(c.Needle, StringComparison.Ordinal));
var peerCaught = secrets.Count(c => !Scrub(gitleaks, c.Body).Contains(c.Needle, StringComparison.Ordinal));
Console.WriteLine($"secrets: {secrets.Count} cases; recall vibedom {100.0 * oursCaught / secrets.Count:F1}% | gitleaks default config {100.0 * peerCaught / secrets.Count:F1}%");
foreach (var miss in secrets.Where(c => Scrub(ours, c.Body).Contains(c.Needle, StringComparison.Ordinal)))
{
    Console.WriteLine($"  missed by vibedom: {miss.Kind}");
}

foreach (var group in Corpus.Pii(random).GroupBy(c => c.Kind))
{
    var caught = group.Count(c => !Scrub(ours, c.Body).Contains(c.Needle, StringComparison.Ordinal));
    Console.WriteLine($"pii {group.Key,-14} recall {caught}/{group.Count()}");
}

var clean = Corpus.Clean().ToList();
var falseScrubs = clean.Where(c => Scrub(ours, c.Body) != c.Body).ToList();
var peerFalse = clean.Count(c => Scrub(gitleaks, c.Body) != c.Body);
Console.WriteLine($"clean: {clean.Count} look-alikes; false scrubs vibedom {falseScrubs.Count} ({100.0 * falseScrubs.Count / clean.Count:F1}%) | gitleaks default config {peerFalse}");
foreach (var f in falseScrubs)
{
    Console.WriteLine($"  false scrub: {f.Kind}");
}

// workspace exact values (short passwords) in their encodings, and the clean look-alikes with those values known
var exactShort = ExactCases.Values(random);
var exactEngine = WholeEngine(CompiledRules.Defaults, exactShort, DlpPolicy.ReplaceAll);
var exactCases = ExactCases.Cases(exactShort).ToList();
var exactMissed = exactCases.Where(c => Scrub(exactEngine, c.Body).Contains(c.Needle, StringComparison.Ordinal)).ToList();
Console.WriteLine($"exact values: {exactCases.Count} cases (8 passwords of 8-15 chars); recall {100.0 * (exactCases.Count - exactMissed.Count) / exactCases.Count:F1}%; false scrubs on the clean look-alikes {clean.Count(c => Scrub(exactEngine, c.Body) != c.Body)}");
foreach (var group in exactMissed.GroupBy(c => c.Kind))
{
    Console.WriteLine($"  missed exact value: {group.Key} x{group.Count()}");
}

var encoded = Encoded.Cases(new Random(2027)).ToList(); // its own seed: the cost rows keep their corpus
var encodedMissed = encoded.Where(c => Scrub(ours, c.Body).Contains(c.Needle, StringComparison.Ordinal)).ToList();
var encodedPeer = encoded.Count(c => !Scrub(gitleaks, c.Body).Contains(c.Needle, StringComparison.Ordinal));
var encodedClean = Encoded.Clean().Where(c => Scrub(ours, c.Body) != c.Body).ToList();
Console.WriteLine($"encoded (form, JSON escapes): recall vibedom {encoded.Count - encodedMissed.Count}/{encoded.Count} | gitleaks default config {encodedPeer}/{encoded.Count}; clean encoded false scrubs {encodedClean.Count}/{Encoded.Clean().Count()}");
foreach (var miss in encodedMissed.Select(m => "  missed by vibedom: " + m.Kind).Concat(encodedClean.Select(f => "  false scrub: " + f.Kind)))
{
    Console.WriteLine(miss);
}

PresidioDataset.Print(Environment.GetEnvironmentVariable("PRESIDIO_DATASET"));

Console.WriteLine("== cost (CPU seconds per MB; lower is better) ==");
foreach (var (name, body) in new[] { ("small JSON", Corpus.ChatJson(600, random)), ("60 KB JSON", Corpus.ChatJson(60 << 10, random)), ("1 MiB one line", Corpus.ChatJson(1 << 20, random)) })
{
    var a = Cost(ours, body, seconds);
    var b = Cost(gitleaks, body, seconds);
    Console.WriteLine($"{name,-15} {body.Length,8} B: vibedom {a.CpuPerMb:F4} CPU s/MB ({a.MbPerS:F1} MB/s, {a.CpuMsPerBody:F3} CPU ms/body) | gitleaks config {b.CpuPerMb:F4} CPU s/MB | ratio {a.CpuPerMb / b.CpuPerMb:F2}");
}

// the proxy's shape: the 60 KB chat body in one write (ScrubbingStream reads 64 KB), vibedom's rules, PII, four exact
// values as a pre-flight gives them (bench/proxy's DLP configuration)
var exactValues = Enumerable.Range(0, 4).Select(_ => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20))).ToArray();
var proxyEngine = WholeEngine(CompiledRules.Defaults, exactValues, DlpPolicy.ReplaceAll);
var proxyBody = Corpus.ChatJson(60 << 10, random);
var streamedRow = Cost(proxyEngine, proxyBody, seconds, write: 64 << 10);
Console.WriteLine($"{"60 KB streamed",-15} {proxyBody.Length,8} B: vibedom {streamedRow.CpuPerMb:F4} CPU s/MB ({streamedRow.MbPerS:F1} MB/s, {streamedRow.CpuMsPerBody:F3} CPU ms/body; 64 KB writes as a response body, 4 exact values)");
var proxyRow = Cost(proxyEngine, proxyBody, seconds, write: 0);
Console.WriteLine($"{"60 KB whole",-15} {proxyBody.Length,8} B: vibedom {proxyRow.CpuPerMb:F4} CPU s/MB ({proxyRow.MbPerS:F1} MB/s, {proxyRow.CpuMsPerBody:F3} CPU ms/body; held whole as a request body, 4 exact values)");
// the proxy bench's own bodies (bench/proxy: the POST's chat request, held whole; the GET's answer, streamed)
var postRow = Cost(proxyEngine, Vibedom.Bench.BenchBodies.ChatJson60K(), seconds, write: 0);
Console.WriteLine($"{"proxy POST",-15} {Vibedom.Bench.BenchBodies.ChatJson60K().Length,8} B: vibedom {postRow.CpuPerMb:F4} CPU s/MB ({postRow.MbPerS:F1} MB/s, {postRow.CpuMsPerBody:F3} CPU ms/body; bench/proxy's 60 KB POST body, held whole)");
var getRow = Cost(proxyEngine, Vibedom.Bench.BenchBodies.Json60K(), seconds, write: 64 << 10);
Console.WriteLine($"{"proxy GET",-15} {Vibedom.Bench.BenchBodies.Json60K().Length,8} B: vibedom {getRow.CpuPerMb:F4} CPU s/MB ({getRow.MbPerS:F1} MB/s, {getRow.CpuMsPerBody:F3} CPU ms/body; bench/proxy's 60 KB GET answer, streamed)");
// a body crafted to wake every rule: each default rule's keywords over and over (the prefilter passes them all)
var keywordBody = Corpus.KeywordJson(60 << 10);
var keywordRow = Cost(proxyEngine, keywordBody, seconds, write: 0);
Console.WriteLine($"{"60 KB keywords",-15} {keywordBody.Length,8} B: vibedom {keywordRow.CpuPerMb:F4} CPU s/MB ({keywordRow.MbPerS:F1} MB/s, {keywordRow.CpuMsPerBody:F3} CPU ms/body; every rule's keywords, held whole: {keywordRow.CpuMsPerBody / proxyRow.CpuMsPerBody:F1}x the chat body)");
if (Environment.GetEnvironmentVariable("DLP_BENCH_PROFILE") is { Length: > 0 } profileSeconds)
{
    // a loop to attach perf to (DOTNET_PerfMapEnabled=1): the proxy-shaped body only
    Console.WriteLine($"profile loop: {Cost(proxyEngine, proxyBody, double.Parse(profileSeconds, System.Globalization.CultureInfo.InvariantCulture), write: 0).CpuMsPerBody:F3} CPU ms/body");
}

if (Environment.GetEnvironmentVariable("DLP_BENCH_PARTS") == "1")
{
    var body = Corpus.ChatJson(60 << 10, random);
    foreach (var (name, policy) in new[] { ("secrets only", new DlpPolicy(DlpAction.Replace, DlpAction.Off)), ("pii only", new DlpPolicy(DlpAction.Off, DlpAction.Replace)), ("off", new DlpPolicy(DlpAction.Off, DlpAction.Off)) })
    {
        Console.WriteLine($"60 KB JSON, {name}: {Cost(WholeEngine(CompiledRules.Defaults, [], policy), body, seconds).CpuMsPerBody:F3} CPU ms/body");
    }


}

// bytes the scrub of one body held whole allocates (after a warm-up): the garbage each request leaves
static DlpEngine WholeEngine(CompiledRules rules, IEnumerable<string> values, DlpPolicy policy) =>
    DlpEngine.Create(rules, values, policy, DlpLimits.Default with { KnownBodies = 0 }); // the same body again is scanned again

static (double CpuMsPerBody, double Scanned) ConversationCost(DlpEngine engine, byte[][] turns, double seconds)
{
    var output = new System.Buffers.ArrayBufferWriter<byte>(turns.Max(t => t.Length) + 4096);
    long round = 0, bodies = 0, bytes = 0, scanned = 0;
    // DLP_BENCH_CLIENTS=N: N conversations at once, their turns interleaved (as the proxy bench's clients send them)
    var clients = int.TryParse(Environment.GetEnvironmentVariable("DLP_BENCH_CLIENTS"), out var n) ? n : 1;
    void Round()
    {
        round++;
        foreach (var (turn, client) in turns.SelectMany(t => Enumerable.Range(0, clients).Select(k => (t, k))))
        {
            // a new conversation each round (and each client's its own): a mark after the first message's opening quote
            var body = Vibedom.Bench.BenchBodies.Marked(turn, $"c{client}r{round} ");
            output.ResetWrittenCount();
            using var scrubber = engine.CreateBodyScrubber();
            scrubber.ScrubWhole(body, output);
            bodies++;
            bytes += body.Length;
            scanned += scrubber.ScannedBytes;
        }
    }

    var warm = Stopwatch.StartNew();
    while (warm.Elapsed.TotalSeconds < Math.Min(1, seconds / 2))
    {
        Round();
    }

    (bodies, bytes, scanned) = (0, 0, 0);
    var process = Process.GetCurrentProcess();
    var cpu0 = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    while (wall.Elapsed.TotalSeconds < seconds)
    {
        Round();
    }

    process.Refresh();
    return ((process.TotalProcessorTime - cpu0).TotalMilliseconds / bodies, (double)scanned / bytes);
}

static long Allocated(DlpEngine engine, byte[] body)
{
    var output = new System.Buffers.ArrayBufferWriter<byte>(body.Length + 4096);
    long Once()
    {
        output.ResetWrittenCount();
        var before = GC.GetAllocatedBytesForCurrentThread();
        using (var scrubber = engine.CreateBodyScrubber())
        {
            scrubber.ScrubWhole(body, output);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    for (var i = 0; i < 200; i++)
    {
        Once();
    }

    return Once();
}

static (double CpuPerMb, double MbPerS, double CpuMsPerBody) Cost(DlpEngine engine, byte[] body, double seconds, int write = 16 << 10) // write 0: ScrubWhole
{
    var output = new System.Buffers.ArrayBufferWriter<byte>(body.Length + 4096);
    void Once()
    {
        output.ResetWrittenCount();
        using var scrubber = engine.CreateBodyScrubber();
        if (write == 0)
        {
            scrubber.ScrubWhole(body, output); // what the proxy does with a request body it read whole
            return;
        }

        foreach (var chunk in body.Chunk(write))
        {
            scrubber.Write(chunk, output);
        }

        scrubber.Complete(output);
    }

    // warm: tiered JIT and the regexes' lazily built automata settle over the first hundreds of milliseconds
    var warm = Stopwatch.StartNew();
    while (warm.Elapsed.TotalSeconds < Math.Min(1, seconds / 2))
    {
        Once();
    }

    var process = Process.GetCurrentProcess();
    var cpu0 = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    long n = 0;
    while (wall.Elapsed.TotalSeconds < seconds)
    {
        Once();
        n++;
    }

    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
    var mb = n * (double)body.Length / (1 << 20);
    return (cpu / mb, mb / wall.Elapsed.TotalSeconds, cpu * 1000 / n);
}
