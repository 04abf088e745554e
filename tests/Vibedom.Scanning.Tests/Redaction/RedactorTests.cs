using System.Text;
using Vibedom.Scanning.Redaction;
using Vibedom.Scanning.Rules;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Redaction;

/// <summary>Records hold no secret: glued to words, encoded, re-cased, known exact values.</summary>
public sealed class RedactorTests
{
    private static string Aws => TestSecrets.AwsAccessKeyId;

    private static string Percent(string value) => string.Concat(Encoding.UTF8.GetBytes(value).Select(b => $"%{b:X2}"));

    private static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    public sealed class Redact
    {
        public static TheoryData<string, string> GluedAndEncoded() => new()
        {
            { "bounded, as gitleaks finds it", $"id={Aws}" },
            { "after an underscore", $"/v1/key_{Aws}" },
            { "after a letter", $"x{Aws}" },
            { "before a digit", $"{Aws}9" },
            { "between words", $"prefix{Aws}suffix" },
            { "github token glued", $"tok{TestSecrets.GitHubPat}x" },
            { "stripe key glued", $"pay_{TestSecrets.StripeLiveKey}" },
            { "percent-encoded in a path", $"https://h.test/p/{Percent(Aws)}/x" },
            { "percent-encoded, one char", $"https://h.test/p/%41{Aws[1..]}" },
            { "base64 in a path segment", $"https://h.test/p/{Base64("k=" + Aws)}/x" },
            { "in a query key", $"https://h.test/p?{Aws}=[REDACTED]" },
            { "as the method", $"{Aws}\nhttp://h.test/" },
            { "gitleaks:allow cannot exempt it", $"/p/{Aws} gitleaks:allow" },
        };

        [Theory]
        [MemberData(nameof(GluedAndEncoded))]
        public void Redact_secret_glued_or_encoded_leaves_no_trace_of_it(string why, string text)
        {
            var redacted = Redactor.Default.Redact(text);

            Assert.False(redacted.Contains(Aws, StringComparison.Ordinal) || redacted.Contains(TestSecrets.GitHubPat, StringComparison.Ordinal)
                || redacted.Contains(TestSecrets.StripeLiveKey, StringComparison.Ordinal), $"{why}: {redacted}");
            Assert.Contains("[REDACTED_", redacted, StringComparison.Ordinal);
            Assert.DoesNotContain(Percent(Aws), redacted, StringComparison.Ordinal);
        }

        [Fact]
        public void Redact_ordinary_url_is_unchanged()
        {
            const string url = "https://registry.npmjs.org/@types%2fnode/-/node-20.11.5.tgz?cache=[REDACTED]";

            Assert.Equal(url, Redactor.Default.Redact(url));
        }

        [Fact]
        public void Redact_secret_becomes_rule_and_hash_marker()
        {
            var redacted = Redactor.Default.Redact($"a {Aws} b");

            Assert.Equal($"a {Redactor.Marker("aws-access-key-id", Aws)} b", redacted);
            Assert.Matches(@"^\[REDACTED_aws-access-key-id:[0-9a-f]{12}\]$", Redactor.Marker("aws-access-key-id", Aws));
        }

        [Fact]
        public void Redact_marked_text_is_left_as_it_is()
        {
            var once = Redactor.Default.Redact($"/p/{Aws}/q?{TestSecrets.GitHubPat}=1");

            Assert.Equal(once, Redactor.Default.Redact(once));
            Assert.Equal(once, Redactor.Default.RedactIgnoringCase(once));
        }
    }

    public sealed class RedactIgnoringCase
    {
        [Theory]
        [InlineData("{0}.example.com")]
        [InlineData("x{0}.example.com:443")]
        [InlineData("TLS SNI '{0}.evil.test' differs from CONNECT host 'allowed.test'")]
        public void RedactIgnoringCase_lower_cased_key_in_a_host_name_is_redacted(string format)
        {
            var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, Aws.ToLowerInvariant());

            var redacted = Redactor.Default.RedactIgnoringCase(text);

            Assert.DoesNotContain(Aws, redacted, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void RedactIgnoringCase_known_value_in_another_case_is_redacted()
        {
            var known = new KnownSecrets([TestSecrets.DbPassword]);

            var redacted = Redactor.Default.RedactIgnoringCase($"host-{TestSecrets.DbPassword.ToLowerInvariant()}.test", known);

            Assert.DoesNotContain(TestSecrets.DbPassword, redacted, StringComparison.OrdinalIgnoreCase);
        }
    }

    public sealed class Known
    {
        public static TheoryData<string, Func<string, string>> Forms() => new()
        {
            { "exact", v => $"x={v}" },
            { "glued", v => $"abc{v}def" },
            { "percent-encoded", v => "/p/" + Percent(v) },
            { "base64", v => "/p/" + Base64("user:" + v) + "/q" },
            { "hex", v => "/p/" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(v)) },
        };

        [Theory]
        [MemberData(nameof(Forms))]
        public void Redact_known_value_in_any_encoding_is_redacted(string why, Func<string, string> form)
        {
            var value = TestSecrets.DbPassword;
            var known = new KnownSecrets([value]);
            var text = form(value);

            var redacted = Redactor.Default.Redact(text, known);

            Assert.False(redacted.Contains(value, StringComparison.Ordinal), $"{why}: {redacted}");
            Assert.True(redacted != text, $"{why}: nothing redacted in {text}");
            Assert.Contains("[REDACTED_preflight:", redacted, StringComparison.Ordinal);
        }

        [Fact]
        public void Add_after_first_use_applies_to_later_redactions()
        {
            var known = new KnownSecrets();
            var value = TestSecrets.DbPassword;
            Assert.Contains(value, Redactor.Default.Redact($"v={value}", known), StringComparison.Ordinal);

            known.Add([value, "short"]);

            Assert.DoesNotContain(value, Redactor.Default.Redact($"v={value}", known), StringComparison.Ordinal);
            Assert.Equal(1, known.Count);
        }
    }

    public sealed class Unbounded
    {
        [Fact]
        public void From_default_rules_takes_prefix_rules_only()
        {
            var rules = UnboundedRules.From(RuleLoader.LoadDefault()).Rules.Select(r => r.Id).ToList();

            Assert.Contains("aws-access-key-id", rules);
            Assert.Contains("github-pat", rules);
            Assert.Contains("stripe-secret-key", rules);
            Assert.DoesNotContain("twilio-api-key", rules); // "SK" + hex: too short a prefix to match inside words
            Assert.DoesNotContain("generic-secret-assignment", rules);
            Assert.DoesNotContain("url-credentials", rules);
        }

        [Fact]
        public void Unbounded_aws_rule_drops_both_boundaries()
        {
            var rule = RuleLoader.LoadDefault().Find("aws-access-key-id")!;

            Assert.Equal("((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})", UnboundedRules.Unbounded(rule));
        }
    }
}
