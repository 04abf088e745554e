using Vibedom.Scanning.Rules;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Rules;

/// <summary>
/// The default rules compiled into the binary (<see cref="CompiledDefaultRules"/>) are the TOML's, field by field,
/// translations included, and a run uses them instead of parsing. After editing default-rules.toml, the parser or
/// the translator, regenerate: <c>VIBEDOM_REGENERATE_RULES=1 CI=true artifacts/bin/Vibedom.Scanning.Tests/release/Vibedom.Scanning.Tests
/// -class Vibedom.Scanning.Tests.Rules.CompiledDefaultRulesTests</c>, then rebuild.
/// </summary>
public sealed class CompiledDefaultRulesTests
{
    private static string GeneratedFile => Path.Combine(RepositoryRoot.Path, "src", "Vibedom.Scanning", "Rules", "CompiledDefaultRules.g.cs");

    [Fact]
    public void Compiled_default_rules_are_generated_from_the_sources_this_build_was_made_of()
    {
        var expected = CompiledDefaultRulesWriter.Write(DefaultRules.Parse(), DefaultRulesSources.Hash);
        if (Environment.GetEnvironmentVariable("VIBEDOM_REGENERATE_RULES") == "1")
        {
            File.WriteAllText(GeneratedFile, expected);
            return;
        }

        Assert.True(CompiledDefaultRules.IsCurrent, "CompiledDefaultRules.g.cs is stale: regenerate it (see this class's summary)");
        Assert.Equal(expected, File.ReadAllText(GeneratedFile));
    }

    [Fact]
    public void Compiled_default_rules_equal_the_parsed_toml_field_by_field()
    {
        Assert.Equal(CompiledDefaultRulesWriter.RuleSetFields.Order(), typeof(RuleSet).GetProperties().Select(p => p.Name).Order());
        Assert.Equal(CompiledDefaultRulesWriter.RuleFields.Order(), typeof(Rule).GetProperties().Select(p => p.Name).Order());
        Assert.Equal(CompiledDefaultRulesWriter.AllowlistFields.Order(), typeof(Allowlist).GetProperties().Select(p => p.Name).Order());

        Assert.Equal(CompiledDefaultRulesWriter.Write(DefaultRules.Parse(), "h"), CompiledDefaultRulesWriter.Write(CompiledDefaultRules.Build(), "h"));
    }

    [Fact]
    public void Compiled_default_patterns_have_the_translators_groups_and_engine_choice()
    {
        foreach (var rule in CompiledDefaultRules.Build().Rules.Where(r => r.Regex is not null))
        {
            var translated = Re2Translator.Translate(rule.Regex!.Source);
            Assert.Equal(translated, CompiledDefaultRules.Translation(rule.Regex.Source));
            Assert.Equal(translated.GroupCount, rule.Regex.GroupCount);
        }
    }

    [Fact]
    public void Loading_the_default_rules_allocates_a_fraction_of_parsing_their_toml()
    {
        _ = DefaultRules.Fresh(); // warm: the embedded text, type initialisers
        _ = DefaultRules.Parse();

        var parse = Allocated(() => DefaultRules.Parse());
        var load = Allocated(() => DefaultRules.Fresh());

        Assert.True(load * 4 < parse, $"loading the default rules allocated {load} bytes, parsing them {parse}");
    }

    private static long Allocated(Func<RuleSet> load)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(load());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
