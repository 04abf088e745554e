using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Vibedom.Scanning.Rules;

/// <summary>
/// How many states a non-backtracking <see cref="Regex"/> has built while matching. Past
/// <see cref="NfaThreshold"/> the engine finishes a match call that needs a new state in its NFA mode, and that
/// mode was seen to miss matches (.NET 10.0.x; docs/notes/regex-nonbacktracking-warm.md), so
/// <see cref="Re2Regex"/> replaces an instance before it gets there. The count is a private field of the runtime,
/// read by reflection (kept for NativeAOT by <c>DynamicDependency</c>): when a runtime names it differently the
/// count is -1 and nothing is replaced; <c>Re2RegexWarmTests</c> then fails so the change is seen.
/// </summary>
internal static class AutomatonStates
{
    /// <summary>The engine's <c>SymbolicRegexThresholds.NfaThreshold</c> (.NET 7 to 10).</summary>
    public const int NfaThreshold = 10_000;

    private const BindingFlags Fields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private const string Assembly = "System.Text.RegularExpressions";

    /// <summary>The state cache of <paramref name="regex"/> (its count is live); null when it is not a non-backtracking regex or cannot be read.</summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields, typeof(Regex))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields, "System.Text.RegularExpressions.Symbolic.SymbolicRegexRunnerFactory", Assembly)]
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields, "System.Text.RegularExpressions.Symbolic.SymbolicRegexMatcher`1", Assembly)]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The engine's types are kept by DynamicDependency; a missing field reads as null.")]
    public static ICollection? Cache(Regex regex)
    {
        if ((regex.Options & RegexOptions.NonBacktracking) == 0)
        {
            return null;
        }

        try
        {
            var factory = typeof(Regex).GetField("factory", Fields)?.GetValue(regex);
            var matcher = factory?.GetType().GetField("_matcher", Fields)?.GetValue(factory);
            return matcher?.GetType().GetField("_stateCache", Fields)?.GetValue(matcher) as ICollection;
        }
        catch (Exception e) when (e is FieldAccessException or ArgumentException or NotSupportedException or MemberAccessException)
        {
            return null;
        }
    }

    /// <summary>The number of states <paramref name="regex"/> has built; -1 when it cannot be read.</summary>
    public static int Count(Regex regex) => Cache(regex)?.Count ?? -1;
}
