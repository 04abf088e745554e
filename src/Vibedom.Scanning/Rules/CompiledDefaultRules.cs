namespace Vibedom.Scanning.Rules;

/// <summary>
/// The embedded default rules as code, generated from <c>default-rules.toml</c> (<c>CompiledDefaultRules.g.cs</c>:
/// the rule set, and each pattern's RE2 translation, including the unbounded redaction forms). Used only while
/// <see cref="SourceHash"/> is the hash the build computed of the files it came from (<c>DefaultRulesSources</c>):
/// an edited rule file, parser or translator makes the run parse the TOML again, never use stale rules.
/// Regenerate: <c>VIBEDOM_REGENERATE_RULES=1</c> with <c>CompiledDefaultRulesTests</c>.
/// </summary>
internal static partial class CompiledDefaultRules
{
    /// <summary>True when the generated code came from the sources this build was made of.</summary>
    public static bool IsCurrent => string.Equals(SourceHash, DefaultRulesSources.Hash, StringComparison.OrdinalIgnoreCase);

    /// <summary>The translation of <paramref name="pattern"/> made at generation time; null when it is not a default pattern or not current.</summary>
    public static Re2Translator.Result? Translation(string pattern) => IsCurrent ? Translated(pattern) : null;
}
