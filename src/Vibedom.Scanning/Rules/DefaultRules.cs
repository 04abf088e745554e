namespace Vibedom.Scanning.Rules;

/// <summary>vibedom's own rule set (gitleaks format), embedded in the assembly as <c>default-rules.toml</c>.</summary>
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

    private static readonly Lazy<RuleSet> LazySet = new(() => RuleLoader.Load(Text, Name));

    public static string Text => LazyText.Value;

    public static RuleSet Load() => LazySet.Value;
}
