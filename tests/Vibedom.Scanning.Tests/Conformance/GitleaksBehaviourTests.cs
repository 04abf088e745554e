using System.Text;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Conformance;

/// <summary>
/// gitleaks' documented behaviour, checked on its own default config (../shared/conformance/gitleaks):
/// cases written from gitleaks' README and detect.go, secrets assembled at run time.
/// </summary>
public sealed class GitleaksBehaviourTests
{
    private static readonly Lazy<Detector> Gitleaks = new(() => new Detector(RuleLoader.LoadFile(RepositoryRoot.GitleaksToml)));

    private static IReadOnlyList<SecretMatch> Scan(string text, string? path = null) =>
        Gitleaks.Value.Detect(new Fragment(text) { FilePath = path });

    private static string Generic(string name) => name + " = \"" + TestSecrets.HighEntropyValue + "\"";

    public sealed class Detect
    {
        [Fact]
        public void Detect_aws_key_on_second_line_reports_rule_line_and_column()
        {
            var d = Assert.Single(Scan("first line\nAWS_ID=" + TestSecrets.AwsAccessKeyId + "\n", "a.env"));

            Assert.Equal("aws-access-token", d.RuleId);
            Assert.Equal(2, d.StartLine);
            Assert.Equal(8, d.StartColumn);
            Assert.Equal(TestSecrets.AwsAccessKeyId, d.Secret);
        }

        [Fact]
        public void Detect_rule_allowlist_regex_drops_example_key()
        {
            var example = string.Concat("AKIA", "IOSFODNN7", "EXAMPLE");
            Assert.Empty(Scan("key=" + example));
        }

        [Fact]
        public void Detect_gitleaks_allow_comment_drops_finding()
        {
            Assert.Empty(Scan("token: " + TestSecrets.GitHubPat + " # gitleaks:allow"));
            Assert.Single(Scan("token: " + TestSecrets.GitHubPat));
        }

        [Fact]
        public void Detect_entropy_at_or_below_threshold_drops_finding()
        {
            var lowEntropy = "gh" + "p_" + new string('a', 36);
            Assert.Empty(Scan("token: " + lowEntropy));
        }

        [Fact]
        public void Detect_generic_rule_secret_is_first_non_empty_group()
        {
            var d = Assert.Single(Scan(Generic("api_token")));

            Assert.Equal("generic-api-key", d.RuleId);
            Assert.Equal(TestSecrets.HighEntropyValue, d.Secret);
            Assert.StartsWith("api_token", d.Match, StringComparison.Ordinal);
        }

        [Fact]
        public void Detect_allowlist_regex_target_match_tests_the_whole_match()
        {
            Assert.Empty(Scan(Generic("api_version")));
        }

        [Fact]
        public void Detect_allowlist_regex_target_line_tests_the_whole_line()
        {
            Assert.Empty(Scan("RUN --mount=type=secret,id=x " + Generic("api_token")));
        }

        [Fact]
        public void Detect_allowlist_condition_and_needs_path_and_line()
        {
            var line = "SRC_URI_auth_key = \"" + TestSecrets.HighEntropyValue + "\"";
            Assert.Empty(Scan(line, "meta/recipe.bb"));
            Assert.Single(Scan(line, "meta/recipe.txt"));
        }

        [Fact]
        public void Detect_stopword_drops_generic_finding()
        {
            Assert.Empty(Scan("api_token = \"" + "Xk29about" + "Lp0vN7aBq4\""));
        }

        [Fact]
        public void Detect_global_allowlist_path_skips_file()
        {
            Assert.Empty(Scan("token: " + TestSecrets.GitHubPat, "web/yarn.lock"));
            Assert.Single(Scan("token: " + TestSecrets.GitHubPat, "src/index.js"));
        }

        [Fact]
        public void Detect_global_allowlist_regex_drops_template_value()
        {
            Assert.Empty(Scan("api_token = \"${API_TOKEN_VALUE}\""));
        }

        [Fact]
        public void Detect_specific_rule_on_same_line_suppresses_generic()
        {
            var findings = Scan("github_token = \"" + TestSecrets.GitHubPat + "\"");

            Assert.Equal(["github-pat"], findings.Select(f => f.RuleId));
        }

        [Fact]
        public void Detect_path_only_rule_reports_file()
        {
            var d = Assert.Single(Scan("anything", "certs/client.p12"));

            Assert.Equal("pkcs12-file", d.RuleId);
            Assert.True(d.IsFileMatch);
        }

        [Fact]
        public void Detect_keyword_absent_rule_does_not_run()
        {
            // the AWS rule's keywords are its prefixes: the shape without one is not even tried
            Assert.Empty(Scan("id=" + "ZZZZ" + TestSecrets.AwsAccessKeyId[4..]));
        }
    }

    public sealed class Decode
    {
        [Fact]
        public void Detect_base_64_encoded_token_found_with_decode_tags()
        {
            var encoded = Convert.ToBase64String(Encoding.ASCII.GetBytes("token: " + TestSecrets.GitHubPat));
            var d = Assert.Single(Scan("blob = \"" + encoded + "\""));

            Assert.Equal("github-pat", d.RuleId);
            Assert.Equal(TestSecrets.GitHubPat, d.Secret);
            Assert.Contains("decoded:base64", d.Tags);
            Assert.Contains("decode-depth:1", d.Tags);
            Assert.Equal(9, d.StartColumn);                      // located on the encoded text in the original
        }

        [Fact]
        public void Detect_hex_encoded_token_found()
        {
            var hex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(TestSecrets.GitHubPat));
            Assert.Contains(Scan("x " + hex + " y"), d => d.RuleId == "github-pat" && d.Tags.Contains("decoded:hex"));
        }

        [Fact]
        public void Detect_percent_encoded_token_found()
        {
            var pct = string.Concat(TestSecrets.GitHubPat.Select(c => "%" + ((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Contains(Scan("q=" + pct), d => d.RuleId == "github-pat" && d.Tags.Contains("decoded:percent"));
        }

        [Fact]
        public void Detect_unicode_escaped_token_found()
        {
            var esc = string.Concat(TestSecrets.GitHubPat.Select(c => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Contains(Scan("s = \"" + esc + "\""), d => d.RuleId == "github-pat" && d.Tags.Contains("decoded:unicode"));
        }

        [Fact]
        public void Detect_base_64_of_base_64_found_at_depth_two()
        {
            var inner = Convert.ToBase64String(Encoding.ASCII.GetBytes("token: " + TestSecrets.GitHubPat));
            var outer = Convert.ToBase64String(Encoding.ASCII.GetBytes("data: " + inner));
            var d = Assert.Single(Scan(outer));

            Assert.Contains("decode-depth:2", d.Tags);
        }

        [Fact]
        public void Detect_plain_token_beside_encoded_text_reported_once()
        {
            var other = Convert.ToBase64String(Encoding.ASCII.GetBytes("nothing to see here at all"));
            var findings = Scan("token: " + TestSecrets.GitHubPat + " " + other);

            Assert.Single(findings, d => d.RuleId == "github-pat");
        }

        [Fact]
        public void Detect_decoding_disabled_encoded_token_not_found()
        {
            var detector = new Detector(Gitleaks.Value.Rules, new DetectorOptions { MaxDecodeDepth = 0 });
            var encoded = Convert.ToBase64String(Encoding.ASCII.GetBytes("token: " + TestSecrets.GitHubPat));

            Assert.Empty(detector.Detect(encoded));
        }
    }
}
