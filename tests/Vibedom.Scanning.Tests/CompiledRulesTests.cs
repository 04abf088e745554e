using Vibedom.Scanning.Redaction;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests;

/// <summary>One compiled rule set per process: the pre-flight's detector and the records' redactor share it.</summary>
public sealed class CompiledRulesTests
{
    private const string UserRule = "[[rules]]\nid = \"zq-token\"\nregex = '''\\b(zqtok_[a-f0-9]{32})\\b'''\nkeywords = [\"zqtok_\"]\n";

    [Fact]
    public void Load_same_rule_files_compiled_once_and_shared_with_the_redactor()
    {
        using var dir = new TempDirectory();
        dir.Write("rules/a.toml", UserRule);

        var first = CompiledRules.Load(dir.Combine("rules"));
        var second = CompiledRules.Load(dir.Combine("rules"));

        Assert.Same(first, second);
        Assert.Same(first.Redactor, second.Redactor);
        Assert.NotNull(first.Rules.Find("zq-token"));
        Assert.NotNull(first.Rules.Find("github-pat"));
    }

    [Fact]
    public void Load_rule_file_edited_loads_it_again()
    {
        using var dir = new TempDirectory();
        dir.Write("rules/a.toml", UserRule);
        var before = CompiledRules.Load(dir.Combine("rules"));

        dir.Write("rules/b.toml", UserRule.Replace("zq-token", "zq-other", StringComparison.Ordinal));

        Assert.NotSame(before, CompiledRules.Load(dir.Combine("rules")));
        Assert.NotNull(CompiledRules.Load(dir.Combine("rules")).Rules.Find("zq-other"));
    }

    [Fact]
    public void RedactorDefault_after_use_for_records_redacts_a_user_rules_value()
    {
        using var dir = new TempDirectory();
        dir.Write("rules/a.toml", UserRule);
        var token = string.Concat("zq", "tok_", Guid.NewGuid().ToString("N"));
        try
        {
            CompiledRules.UseForRecords(dir.Combine("rules"));

            var redacted = Redactor.Default.RedactIgnoringCase($"GET /v1/{token}?x=1");

            Assert.DoesNotContain(token, redacted, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("[REDACTED_zq-token:", redacted, StringComparison.Ordinal);
        }
        finally
        {
            CompiledRules.UseForRecords(null);
        }
    }

    [Fact]
    public void UseForRecords_broken_user_rules_records_still_redacted_with_vibedoms_rules()
    {
        using var dir = new TempDirectory();
        dir.Write("rules/a.toml", "[[rules]]\nid = \"broken\"\nregex = '''(?<=x)y'''\n");
        try
        {
            CompiledRules.UseForRecords(dir.Combine("rules"));

            Assert.Same(CompiledRules.Defaults, CompiledRules.ForRecords);
            Assert.DoesNotContain(TestSecrets.GitHubPat, Redactor.Default.Redact("t " + TestSecrets.GitHubPat), StringComparison.Ordinal);
        }
        finally
        {
            CompiledRules.UseForRecords(null);
        }
    }
}
