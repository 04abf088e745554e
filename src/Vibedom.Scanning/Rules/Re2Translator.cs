using System.Globalization;
using System.Text;

namespace Vibedom.Scanning.Rules;

/// <summary>
/// Translates a Go RE2 pattern (the syntax of gitleaks' rules) into a .NET pattern with the same
/// semantics, or fails with <see cref="Re2TranslationException"/> naming what cannot be translated.
/// Named groups become plain groups so group numbers stay RE2's (left to right); <c>\w \d \s \b</c> are
/// ASCII as in RE2; <c>^ $ .</c> are emitted explicitly from the tracked <c>m</c>/<c>s</c> flags; the
/// <c>U</c> flag swaps greediness. <c>exactWordBoundary</c> selects an ASCII-exact
/// <c>\b</c> (lookarounds, backtracking engine only) instead of .NET's <c>\b</c>, which equals RE2's
/// on ASCII input.
/// </summary>
internal sealed partial class Re2Translator
{
    private const string WordClass = "0-9A-Za-z_";
    private const string AsciiWordBoundary = "(?-i:(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_])))";
    private const string AsciiNonWordBoundary = "(?-i:(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_])))";

    private readonly string _pattern;
    private readonly bool _exactWordBoundary;
    private readonly StringBuilder _out = new();
    private int _pos;
    private int _groups;
    private bool _nonAsciiExplicit;
    private bool _repeats;
    private bool _choiceRepeats;
    private int _fixedCount;

    /// <summary>The most chars a pattern's exact counts may add up to for <see cref="Result.ExactCountsOnly"/> (a match attempt costs about that).</summary>
    internal const int MaxFixedCount = 256;

    private Re2Translator(string pattern, bool exactWordBoundary)
    {
        _pattern = pattern;
        _exactWordBoundary = exactWordBoundary;
    }

    [Flags]
    private enum Re2Flags
    {
        None = 0,
        IgnoreCase = 1,
        MultiLine = 2,
        DotAll = 4,
        Ungreedy = 8,
    }

    /// <summary>
    /// The translated pattern, how many capture groups it has, whether it uses \b or \B, and whether it names
    /// any non-ASCII character itself (a literal, a range or a \p class): when it does not, every non-ASCII
    /// char of the input is interchangeable for it, which <see cref="Re2Regex"/> relies on. <paramref name="Repeats"/>
    /// is false when no quantifier can repeat (only <c>?</c>): the pattern then matches a finite set of strings.
    /// <paramref name="ExactCountsOnly"/>: it repeats only by exact counts <c>{n}</c> of one char (<c>[0-9a-f]{32}</c>),
    /// at most <see cref="MaxFixedCount"/> in all: still finite, each start position tried a bounded number of ways.
    /// </summary>
    internal sealed record Result(string Pattern, int GroupCount, bool UsesWordBoundary, bool NamesNonAscii, bool Repeats, bool ExactCountsOnly);

    public static Result Translate(string pattern, bool exactWordBoundary = false)
    {
        var t = new Re2Translator(pattern, exactWordBoundary);
        var usesBoundary = false;
        t.ParseAlternation(Re2Flags.None, depth: 0, ref usesBoundary);
        if (t._pos < t._pattern.Length)
        {
            throw t.Error("unexpected ')'");
        }

        return new Result(t._out.ToString(), t._groups, usesBoundary, t._nonAsciiExplicit, t._repeats, t._repeats && !t._choiceRepeats);
    }

    private Re2TranslationException Error(string problem) =>
        new($"{problem} at offset {_pos} in regex `{_pattern}`");

    private bool AtEnd => _pos >= _pattern.Length;

    private char Peek => _pattern[_pos];

    /// <summary>alternation := concat ('|' concat)*; flags set by (?x) last until the end of the group.</summary>
    private void ParseAlternation(Re2Flags flags, int depth, ref bool usesBoundary)
    {
        if (depth > 1000)
        {
            throw Error("nesting too deep");
        }

        while (true)
        {
            flags = ParseConcat(flags, depth, ref usesBoundary);
            if (!AtEnd && Peek == '|')
            {
                _out.Append('|');
                _pos++;
                continue;
            }

            return;
        }
    }

    private Re2Flags ParseConcat(Re2Flags flags, int depth, ref bool usesBoundary)
    {
        while (!AtEnd && Peek != '|' && Peek != ')')
        {
            var atomStart = _out.Length;
            var c = Peek;
            switch (c)
            {
                case '(':
                    if (TryParseFlagGroup(ref flags, depth, ref usesBoundary, out var wasBareFlags) && wasBareFlags)
                    {
                        continue; // (?i) is not an atom: nothing to repeat
                    }

                    break;
                case '[':
                    ParseClass(flags);
                    break;
                case '\\':
                    atomStart = ParseEscape(flags, ref usesBoundary);
                    break;
                case '.':
                    _pos++;
                    _out.Append((flags & Re2Flags.DotAll) != 0 ? @"[\s\S]" : @"[^\n]");
                    break;
                case '^':
                    _pos++;
                    _out.Append((flags & Re2Flags.MultiLine) != 0 ? "(?m:^)" : @"\A");
                    break;
                case '$':
                    _pos++;
                    _out.Append((flags & Re2Flags.MultiLine) != 0 ? "(?m:$)" : @"\z");
                    break;
                case '*' or '+' or '?':
                    throw Error($"missing argument to repetition operator '{c}'");
                case '{' when LooksLikeRepeat(_pos):
                    throw Error("missing argument to repetition operator '{'");
                default:
                    _pos++;
                    _nonAsciiExplicit |= c >= 128;
                    AppendLiteral(_out, c);
                    break;
            }

            ParseQuantifiers(flags, atomStart, singleChar: c != '(');
        }

        return flags;
    }

    private void ParseQuantifiers(Re2Flags flags, int atomStart, bool singleChar)
    {
        var quantified = false;
        while (!AtEnd)
        {
            var c = Peek;
            string q;
            if (c is '*' or '+' or '?')
            {
                q = c.ToString();
                _pos++;
            }
            else if (c == '{' && LooksLikeRepeat(_pos))
            {
                q = ParseRepeat();
            }
            else
            {
                return;
            }

            if (quantified)
            {
                throw Error("invalid nested repetition operator");
            }

            if (atomStart == _out.Length)
            {
                throw Error("missing argument to repetition operator");
            }

            var lazy = false;
            if (!AtEnd && Peek == '?')
            {
                lazy = true;
                _pos++;
            }

            if ((flags & Re2Flags.Ungreedy) != 0)
            {
                lazy = !lazy;
            }

            // wrap the atom so the quantifier binds to exactly what RE2 bound it to
            _out.Insert(atomStart, "(?:");
            _out.Append(')').Append(q);
            if (lazy)
            {
                _out.Append('?');
            }

            quantified = true;
            // an exact count of one char ({32} of a class) offers the backtracking engine no choice it could multiply
            if (q != "?")
            {
                _repeats = true;
                _choiceRepeats |= !(singleChar && IsExactCount(q, out var count) && (_fixedCount += count) <= MaxFixedCount);
            }
        }
    }

    private static bool IsExactCount(string quantifier, out int count)
    {
        count = 0;
        return quantifier.StartsWith('{') && !quantifier.Contains(',', StringComparison.Ordinal)
            && int.TryParse(quantifier.AsSpan(1, quantifier.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out count);
    }

    private bool LooksLikeRepeat(int at)
    {
        // {n}, {n,}, {n,m}; anything else is a literal '{' in RE2
        var i = at + 1;
        var digits = 0;
        while (i < _pattern.Length && char.IsAsciiDigit(_pattern[i]))
        {
            i++;
            digits++;
        }

        if (digits == 0 || i >= _pattern.Length)
        {
            return false;
        }

        if (_pattern[i] == '}')
        {
            return true;
        }

        if (_pattern[i] != ',')
        {
            return false;
        }

        i++;
        while (i < _pattern.Length && char.IsAsciiDigit(_pattern[i]))
        {
            i++;
        }

        return i < _pattern.Length && _pattern[i] == '}';
    }

    private string ParseRepeat()
    {
        var close = _pattern.IndexOf('}', _pos);
        var body = _pattern[(_pos + 1)..close];
        _pos = close + 1;
        var parts = body.Split(',');
        var min = ParseCount(parts[0]);
        var max = parts.Length == 1 ? min : parts[1].Length == 0 ? -1 : ParseCount(parts[1]);
        if (max != -1 && max < min)
        {
            throw Error($"invalid repeat count {{{body}}}");
        }

        return "{" + body + "}";
    }

    private int ParseCount(string digits)
    {
        if (digits.Length > 4 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 1000)
        {
            throw Error($"invalid repeat count {digits} (RE2 allows at most 1000)");
        }

        return n;
    }

    internal static void AppendLiteral(StringBuilder sb, int codePoint)
    {
        if (codePoint < 128)
        {
            var c = (char)codePoint;
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                sb.Append(c);
            }
            else if (c is ' ' or '-' or ',' or ':' or '=' or '/' or '\'' or '"' or '@' or '%' or '!' or '&' or '~' or ';' or '<' or '>' or '`')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{codePoint:x2}");
            }

            return;
        }

        if (codePoint <= 0xFFFF)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\u{codePoint:x4}");
            return;
        }

        // astral: a surrogate pair, matched as two .NET chars
        foreach (var ch in char.ConvertFromUtf32(codePoint))
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:x4}");
        }
    }
}
