using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Vibedom.Scanning.Rules;

/// <summary>
/// Drops what .NET's non-backtracking engine keeps after construction but never uses to match: the character-set
/// solver (binary decision diagrams of char classes and a memo of every set operation) that turned the pattern's
/// classes into minterms. Matching runs on the minterm ids and the automaton's own caches; the solver stays
/// reachable from the regex for the life of the process. Measured on gitleaks' 221 patterns (issue 14): the solver
/// held 169 of the 206 MB their construction leaves on the heap (every generic-shape pattern about 1.2-2.4 MB, of
/// which 0.2-0.4 MB remain). Same matches and groups (<c>ConstructionCachesTests</c>, the rule and conformance tests).
/// The engine's fields are private: when a runtime names them differently nothing is released (the regex is
/// untouched and the scan only uses more memory), and <c>ConstructionCachesTests</c> fails so the change is seen.
/// </summary>
internal static class ConstructionCaches
{
    private const BindingFlags Fields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private const string Assembly = "System.Text.RegularExpressions";

    /// <summary>Releases <paramref name="regex"/>'s construction-only solver; true when it did.</summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields, typeof(Regex))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields, "System.Text.RegularExpressions.Symbolic.SymbolicRegexRunnerFactory", Assembly)]
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields, "System.Text.RegularExpressions.Symbolic.SymbolicRegexMatcher`1", Assembly)]
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields, "System.Text.RegularExpressions.Symbolic.SymbolicRegexBuilder`1", Assembly)]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The engine's types are kept by DynamicDependency; a missing field releases nothing.")]
    public static bool Release(Regex regex)
    {
        if ((regex.Options & RegexOptions.NonBacktracking) == 0)
        {
            return false;
        }

        try
        {
            var factory = typeof(Regex).GetField("factory", Fields)?.GetValue(regex);
            var matcher = factory?.GetType().GetField("_matcher", Fields)?.GetValue(factory);
            var builder = matcher?.GetType().GetField("_builder", Fields)?.GetValue(matcher);
            var solver = builder?.GetType().GetField("_charSetSolver", Fields);
            if (builder is null || solver is null || solver.FieldType.Name != "CharSetSolver")
            {
                return false;
            }

            solver.SetValue(builder, null);
            return true;
        }
        catch (Exception e) when (e is FieldAccessException or ArgumentException or NotSupportedException or MemberAccessException)
        {
            return false;
        }
    }
}
