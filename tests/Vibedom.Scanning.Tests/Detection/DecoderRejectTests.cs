using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Testing;
using Xunit;
using Decoder = Vibedom.Scanning.Detection.Decoder;

namespace Vibedom.Scanning.Tests.Detection;

/// <summary><see cref="Decoder.DecodesToNothing"/> rejects a run in place exactly when decoding it gives nothing.</summary>
public sealed class DecoderRejectTests
{
    [Fact]
    public void DecodesToNothing_equals_an_empty_decoding_on_generated_runs()
    {
        var random = new Random(2612);
        var checkedRuns = 0;
        foreach (var (kind, run) in Runs(random).Take(60_000))
        {
            var decoded = kind == EncodingKinds.Hex ? Decoder.DecodeHex(run) : Decoder.DecodeBase64(run);
            Assert.True(decoded.Length == 0 == Decoder.DecodesToNothing(kind, run), $"{kind} run of {run.Length} chars");
            checkedRuns += decoded.Length > 0 ? 1 : 0;
        }

        Assert.True(checkedRuns > 10_000); // both outcomes were exercised
    }

    [Fact]
    public void DecodesToNothing_never_judges_percent_or_unicode_runs()
    {
        Assert.False(Decoder.DecodesToNothing(EncodingKinds.Percent, "%00%01"));
        Assert.False(Decoder.DecodesToNothing(EncodingKinds.Unicode, @"\u0000"));
    }

    [Fact]
    public void Detect_secret_in_url_safe_base64_that_the_standard_alphabet_refuses_is_found()
    {
        // "~~~" makes the standard alphabet's "+" a "-": only the URL-safe reading decodes this run; a reject that
        // asked the standard alphabet alone would drop it before decoding
        var encoded = Convert.ToBase64String(Encoding.ASCII.GetBytes("token: " + TestSecrets.GitHubPat + " ~~~")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Contains('-', encoded);

        var found = CompiledRules.Defaults.Detector.Detect("blob " + encoded + " end");

        Assert.Contains(found, m => m.RuleId == "github-pat" && m.Tags.Contains("decoded:base64"));
    }

    [Fact]
    public void Detect_secret_in_hex_after_hashes_and_guids_is_found()
    {
        // runs rejected in place before it (a SHA, a GUID) do not stop the decoding of the next one
        var text = "commit " + Convert.ToHexStringLower(new byte[20]) + " id " + Guid.NewGuid() + " x " + Convert.ToHexStringLower(Encoding.ASCII.GetBytes(TestSecrets.GitHubPat)) + " y";

        Assert.Contains(CompiledRules.Defaults.Detector.Detect(text), m => m.RuleId == "github-pat" && m.Tags.Contains("decoded:hex"));
    }

    private static IEnumerable<(EncodingKinds Kind, string Run)> Runs(Random random)
    {
        const string runChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_/+-";
        while (true)
        {
            var printable = Enumerable.Range(0, random.Next(1, 40)).Select(_ => (byte)random.Next(0x09, 0x7F)).ToArray();
            var bytes = random.Next(4) == 0 ? printable : [.. printable.Select(b => random.Next(8) == 0 ? (byte)random.Next(256) : b)];
            var hex = random.Next(2) == 0 ? Convert.ToHexStringLower(bytes) : Convert.ToHexString(bytes);
            yield return (EncodingKinds.Hex, hex);
            yield return (EncodingKinds.Hex, hex[..^1]); // odd length
            yield return (EncodingKinds.Hex, new string('a', hex.Length)); // no digit
            var b64 = Convert.ToBase64String(bytes);
            var url = b64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
            foreach (var run in new[] { b64, b64.TrimEnd('='), url, url + "=", b64.Replace('+', '-'), b64 + "=" })
            {
                yield return (EncodingKinds.Base64, run);
                var chars = run.ToCharArray();
                chars[random.Next(chars.Length)] = runChars[random.Next(runChars.Length)]; // one char changed
                yield return (EncodingKinds.Base64, new string(chars));
            }

            yield return (EncodingKinds.Base64, Guid.NewGuid().ToString());
            yield return (EncodingKinds.Base64, new string([.. Enumerable.Range(0, random.Next(16, 60)).Select(_ => runChars[random.Next(runChars.Length)])]));
        }
    }
}
