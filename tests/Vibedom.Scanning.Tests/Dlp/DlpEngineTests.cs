using System.Security.Cryptography;
using System.Text;
using Vibedom.Scanning.Dlp;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>The engine's contract: markers, hashes, modes, the three sources.</summary>
public sealed class DlpEngineTests
{
    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..12];

    [Fact]
    public void A_secret_in_a_text_becomes_its_rule_marker_and_a_hit_with_its_short_hash()
    {
        var key = TestSecrets.AwsAccessKeyId;
        var result = DlpFixture.Replacing.ScrubText($"id={key}&x=1");

        Assert.Equal("id=[REDACTED_AWS-ACCESS-KEY-ID]&x=1", result.Text);
        var hit = Assert.Single(result.Hits);
        Assert.Equal(new DlpHit("aws-access-key-id", DlpClass.Secret, true, Hash(key), 1), hit);
        Assert.True(result.Changed);
    }

    [Fact]
    public void Clean_text_comes_back_as_the_same_instance_with_no_hits()
    {
        var text = "GET /v1/messages?model=claude&stream=true";
        var result = DlpFixture.Replacing.ScrubText(text);

        Assert.Same(text, result.Text);
        Assert.Empty(result.Hits);
        Assert.False(result.Changed);
    }

    [Fact]
    public void The_value_is_replaced_not_the_key_name_around_it()
    {
        var pat = TestSecrets.GitHubPat;
        var (output, _) = DlpFixture.Scrub(DlpFixture.Replacing, $"{{\"token\": \"{pat}\"}}");

        Assert.Equal("{\"token\": \"[REDACTED_GITHUB-PAT]\"}", output);
    }

    [Fact]
    public void Report_mode_passes_the_bytes_unchanged_and_reports_the_hits()
    {
        var engine = DlpFixture.Engine(new DlpPolicy(DlpAction.Report, DlpAction.Report));
        var body = $"a={TestSecrets.StripeLiveKey}\nb={TestSecrets.StripeLiveKey}\n";

        var (output, hits) = DlpFixture.Scrub(engine, body);

        Assert.Equal(body, output);
        var hit = Assert.Single(hits);
        Assert.Equal(("stripe-secret-key", 2, Hash(TestSecrets.StripeLiveKey)), (hit.RuleId, hit.Count, hit.Hash));
        Assert.Equal(body, engine.ScrubText(body).Text);
    }

    [Fact]
    public void Off_finds_nothing()
    {
        var engine = DlpFixture.Engine(new DlpPolicy(DlpAction.Off, DlpAction.Off));
        var body = $"a={TestSecrets.StripeLiveKey}";

        Assert.Equal((body, 0), (engine.ScrubText(body).Text, engine.ScrubText(body).Hits.Count));
    }

    [Fact]
    public void A_workspace_exact_value_a_rule_also_finds_is_one_hit_under_the_rule_in_a_body_and_a_text()
    {
        // the pre-flight scan found it by that rule: the same value counted under both made "7 values scrubbed" of 5
        var key = TestSecrets.AwsAccessKeyId;
        var engine = DlpFixture.Engine(exact: [key, TestSecrets.StripeLiveKey]);
        var body = $"{{\"env\": \"AWS={key}\\nSTRIPE={TestSecrets.StripeLiveKey}\"}}";

        var (output, hits) = DlpFixture.Scrub(engine, body);
        var text = engine.ScrubText(body);

        Assert.Equal("{\"env\": \"AWS=[REDACTED_AWS-ACCESS-KEY-ID]\\nSTRIPE=[REDACTED_STRIPE-SECRET-KEY]\"}", output);
        Assert.Equal(["aws-access-key-id", "stripe-secret-key"], hits.Select(h => h.RuleId).Order(StringComparer.Ordinal));
        Assert.Equal(["aws-access-key-id", "stripe-secret-key"], text.Hits.Select(h => h.RuleId).Order(StringComparer.Ordinal));
        Assert.All(hits, h => Assert.Equal(1, h.Count));
    }

    [Fact]
    public void A_workspace_exact_value_is_found_bare_without_a_key_name_and_is_high()
    {
        var value = string.Concat("plain", "-words-", "nobody", "-would-match");
        var engine = DlpFixture.Engine(exact: [value]);

        var (output, hits) = DlpFixture.Scrub(engine, $"the value is {value}, see");

        Assert.Equal("the value is [REDACTED_PREFLIGHT], see", output);
        Assert.Equal(new DlpHit(DlpEngine.ExactValueRuleId, DlpClass.Secret, true, Hash(value), 1), Assert.Single(hits));
    }

    [Fact]
    public void A_non_ascii_exact_value_is_found_in_a_body_as_its_utf8_bytes_with_the_hash_of_the_value()
    {
        var value = string.Concat("pässwörd", "-", "ünïcode");
        var engine = DlpFixture.Engine(exact: [value]);

        var (output, hits) = DlpFixture.Scrub(engine, $"x {value} y");

        Assert.Equal("x [REDACTED_PREFLIGHT] y", output);
        Assert.Equal(Hash(value), Assert.Single(hits).Hash);
        Assert.Equal("x [REDACTED_PREFLIGHT] y", engine.ScrubText($"x {value} y").Text);
    }

    [Fact]
    public void An_exact_value_shorter_than_the_minimum_is_ignored()
    {
        var engine = DlpFixture.Engine(exact: ["abc12"]);

        Assert.Equal("abc12", engine.ScrubText("abc12").Text);
    }
}
