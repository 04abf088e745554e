using System.Text;
using System.Text.RegularExpressions;

namespace Vibedom.Scanning.Rules;

/// <summary>
/// A Go RE2 pattern compiled for .NET with RE2's semantics. Runs on the non-backtracking engine, so
/// hostile input cannot make it hang. The one construct that engine cannot express exactly is RE2's
/// ASCII-only <c>\b</c> on non-ASCII text: there the exact lookaround form runs on the backtracking
/// engine under a hard timeout (<see cref="RegexMatchTimeoutException"/> then marks the input incomplete).
/// </summary>
public sealed class Re2Regex
{
    /// <summary>How long one match call on the backtracking fallback may run.</summary>
    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromSeconds(2);

    private readonly Lazy<Regex> _fast;
    private readonly Lazy<Regex>? _exact;

    public Re2Regex(string pattern)
    {
        Source = pattern;
        var fast = Re2Translator.Translate(pattern);
        GroupCount = fast.GroupCount;
        Validate(fast.Pattern);
        _fast = new Lazy<Regex>(() => Build(fast.Pattern, nonBacktracking: true), LazyThreadSafetyMode.ExecutionAndPublication);
        if (fast.UsesWordBoundary)
        {
            var exact = Re2Translator.Translate(pattern, exactWordBoundary: true).Pattern;
            _exact = new Lazy<Regex>(() => Build(exact, nonBacktracking: false), LazyThreadSafetyMode.PublicationOnly);
        }
    }

    /// <summary>The RE2 pattern as written in the rule file.</summary>
    public string Source { get; }

    /// <summary>Number of capture groups, numbered as RE2 numbers them.</summary>
    public int GroupCount { get; }

    /// <summary>The regex to use on <paramref name="text"/>: the fast one unless \b semantics differ there.</summary>
    public Regex For(ReadOnlySpan<char> text) => _exact is null || Ascii.IsValid(text) ? _fast.Value : _exact.Value;

    public bool IsMatch(string text) => For(text).IsMatch(text);

    public override string ToString() => Source;

    /// <summary>Parses the translated pattern now (cheap), so a rule file fails at load, not mid-scan; the matcher is built on first use.</summary>
    private static void Validate(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new Re2TranslationException($"translated pattern rejected by .NET: {e.Message}", e);
        }
    }

    private static Regex Build(string pattern, bool nonBacktracking)
    {
        try
        {
            return nonBacktracking
                ? new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)
                : new Regex(pattern, RegexOptions.CultureInvariant, FallbackTimeout);
        }
        catch (NotSupportedException) when (nonBacktracking)
        {
            return Build(pattern, nonBacktracking: false);
        }
        catch (ArgumentException e)
        {
            throw new Re2TranslationException($"translated pattern rejected by .NET: {e.Message}", e);
        }
    }
}
