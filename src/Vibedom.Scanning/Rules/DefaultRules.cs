namespace Vibedom.Scanning.Rules;

/// <summary>
/// vibedom's own rule set (gitleaks format), embedded in the assembly as <c>default-rules.toml</c>. A run loads the
/// form compiled into the binary (<see cref="CompiledDefaultRules"/>: no TOML parse, no pattern translation) when it
/// was generated from this very file and parser; else it parses the text.
/// </summary>
internal static class DefaultRules
{
    public const string Name = "vibedom:default-rules.toml";

    private static readonly Lazy<string> LazyText = new(() =>
    {
        using var stream = typeof(DefaultRules).Assembly.GetManifestResourceStream("Vibedom.Scanning.Rules.default-rules.toml")
            ?? throw new InvalidOperationException("default-rules.toml is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static readonly Lazy<RuleSet> LazySet = new(Fresh);

    public static string Text => LazyText.Value;

    public static RuleSet Load() => LazySet.Value;

    /// <summary>The default rules built anew (not the cached set): compiled when current, else parsed.</summary>
    internal static RuleSet Fresh() => CompiledDefaultRules.IsCurrent ? CompiledDefaultRules.Build() : Parse();

    /// <summary>The default rules parsed from the embedded TOML.</summary>
    internal static RuleSet Parse() => RuleLoader.Load(Text, Name);
}
