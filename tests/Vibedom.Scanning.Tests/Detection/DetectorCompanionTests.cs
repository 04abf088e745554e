using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Redaction;
using Vibedom.Scanning.Rules;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Detection;

/// <summary>
/// Detectors run together on one decoding (<see cref="Detector.DetectWith"/>, what DLP does for its rules, their glued
/// shapes and the exact values) find exactly what each finds alone.
/// </summary>
public sealed class DetectorCompanionTests
{
    private static readonly Detector Bounded = CompiledRules.Defaults.Detector.With(Redactor.DetectorOptions);
    private static readonly Detector Unbounded = Bounded.Derived(UnboundedRules.From(CompiledRules.Defaults.Rules), Redactor.DetectorOptions with { MaxDecodeDepth = 0 });

    private static readonly string Exact = string.Concat("wq9", "Zk2vHd", "0pLr7sTu3");
    private static readonly Detector ExactValues = new KnownSecrets([Exact]).Detector!;

    public static TheoryData<string> Texts()
    {
        string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));
        string Hex(string s) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s));
        var aws = TestSecrets.AwsAccessKeyId;
        var stripe = TestSecrets.StripeLiveKey;
        return new TheoryData<string>
        {
            "nothing to see here",
            $"aws_access_key_id = {aws}\nexact {Exact} and glued key_{aws}x",
            $"{{\"auth\":\"{B64("token=" + stripe)}\",\"v\":\"{B64(Exact)}\"}}",
            $"q={Uri.EscapeDataString("secret " + stripe + " " + Exact)}&h={Hex(Exact)}",
            $"double: {B64(B64("api_key=" + stripe))} \\u0041KIA {Exact.ToUpperInvariant()}",
            $"-----BEGIN {"PRIVATE"} KEY-----\n{B64(Exact)}\n-----END PRIVATE KEY-----",
        };
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Companions_find_what_each_detector_finds_alone(string text)
    {
        var together = Bounded.DetectWith(new Fragment(text), Unbounded, ExactValues);

        Assert.Equal(3, together.Length);
        Assert.Equal(Shape(Bounded.Detect(text)), Shape(together[0]));
        Assert.Equal(Shape(Unbounded.Detect(text)), Shape(together[1]));
        Assert.Equal(Shape(ExactValues.Detect(text)), Shape(together[2]));
    }

    [Fact]
    public void An_exact_value_is_found_base64_encoded_by_the_shared_decoding()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("k=" + Exact));
        var text = $"{{\"a\":\"{encoded}\"}}";

        var exact = Bounded.DetectWith(new Fragment(text), Unbounded, ExactValues)[2];

        // the value's own base64 needle is found in the plain text too (a second match of the same rule id)
        var match = Assert.Single(exact, m => m.Tags.Any(t => t.Contains("base64", StringComparison.Ordinal)));
        Assert.Equal(KnownSecrets.RuleId, match.RuleId);
        Assert.Equal(text.IndexOf(encoded, StringComparison.Ordinal), match.Start);
    }

    [Fact]
    public void A_derived_detector_refuses_a_keyword_its_parent_does_not_look_for()
    {
        var rule = new Rule { Id = "odd", Regex = new Re2Regex("zzz"), Keywords = ["not-a-default-keyword-at-all"] };

        Assert.Throws<ArgumentException>(() => Bounded.Derived(new RuleSet { Title = "t", Rules = [rule] }, Redactor.DetectorOptions));
    }

    private static List<string> Shape(IReadOnlyList<SecretMatch> matches) =>
        [.. matches.Select(m => $"{m.RuleId} {m.Start}-{m.End} {m.ValueStart}-{m.ValueEnd} {m.Secret.Length} {string.Join(',', m.Tags)}")];
}
