using System.Collections.Concurrent;
using System.Globalization;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Redaction;
using Vibedom.Scanning.Rules;

namespace Vibedom.Scanning;

/// <summary>
/// One rule set compiled once for the whole process: vibedom's defaults plus the user's rule files, with the
/// scan's <see cref="Detector"/> and the <see cref="Redaction.Redactor"/> built from the same compiled rules
/// (keyword automaton, regexes). The pre-flight scan and every record (<see cref="Redactor.Default"/>) use it.
/// <see cref="Load"/> is cached per rules folder and the names, sizes and times of its <c>*.toml</c> files (an
/// edited rule file is loaded again); building is lazy and thread-safe, and may be started early on a background
/// thread (<see cref="UseForRecords"/> then <see cref="Warm"/>).
/// </summary>
public sealed class CompiledRules
{
    private static readonly ConcurrentDictionary<string, Lazy<CompiledRules>> Cache = new(StringComparer.Ordinal);
    private static readonly Lazy<CompiledRules> DefaultsOnly = new(() => new CompiledRules(RuleLoader.LoadDefault()));
    private static volatile Lazy<CompiledRules>? _records;

    private readonly Lazy<Redactor> _redactor;

    public CompiledRules(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
        Detector = new Detector(rules);
        _redactor = new Lazy<Redactor>(() => new Redactor(Detector), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public RuleSet Rules { get; }

    /// <summary>The scan's detector (gitleaks' defaults); <see cref="Detector.With"/> gives other options at no cost.</summary>
    public Detector Detector { get; }

    /// <summary>The redactor over the same rules (built on first use).</summary>
    public Redactor Redactor => _redactor.Value;

    /// <summary>vibedom's default rules alone.</summary>
    public static CompiledRules Defaults => DefaultsOnly.Value;

    /// <summary>
    /// The rules records are redacted with: <see cref="Load"/> of the folder given to <see cref="UseForRecords"/>;
    /// the defaults before that, or when the user's rule files do not load (the pre-flight reports that error).
    /// </summary>
    public static CompiledRules ForRecords => _records?.Value ?? Defaults;

    /// <summary>
    /// vibedom's defaults plus every <c>*.toml</c> in <paramref name="userRulesDirectory"/> (<see cref="RuleSources.Load"/>),
    /// compiled once per process for the same files. Throws <see cref="RuleFileException"/> for a bad rule file.
    /// </summary>
    public static CompiledRules Load(string? userRulesDirectory)
    {
        if (userRulesDirectory is null)
        {
            return Defaults;
        }

        var key = Key(userRulesDirectory);
        if (key is null)
        {
            return Defaults; // no folder: the defaults alone, as RuleSources.Load
        }

        var lazy = Cache.GetOrAdd(key, _ => new Lazy<CompiledRules>(
            () => new CompiledRules(RuleSources.Load(null, userRulesDirectory)), LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }

    /// <summary>From now on, <see cref="ForRecords"/> (and so <see cref="Redactor.Default"/>) includes the user's rules.</summary>
    public static void UseForRecords(string? userRulesDirectory) =>
        _records = new Lazy<CompiledRules>(
            () =>
            {
                try
                {
                    return Load(userRulesDirectory);
                }
                catch (RuleFileException)
                {
                    return Defaults;
                }
            },
            LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Builds <see cref="ForRecords"/> now, redactor included (call it on a background thread early).</summary>
    public static void Warm() => _ = ForRecords.Redactor;

    /// <summary>The folder and its rule files' names, sizes and change times; null when there is no folder.</summary>
    private static string? Key(string directory)
    {
        try
        {
            var full = Path.GetFullPath(directory);
            if (!Directory.Exists(full))
            {
                return null;
            }

            var files = new DirectoryInfo(full).EnumerateFiles("*.toml").OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name}\0{f.Length}\0{f.LastWriteTimeUtc.Ticks}"));
            return full + "\n" + string.Join('\n', files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return directory; // RuleSources.Load reports it
        }
    }
}
