namespace Vibedom.Scanning.Rules;

/// <summary>
/// The most chars other than white space (<c>\t \n \f \r</c> and space, RE2's <c>\s</c>) a match of an RE2 pattern can
/// hold, or <see cref="Unbounded"/>: a repeat without an upper count (<c>* + {n,}</c>) of anything but white space.
/// An atom that matches only white space counts nothing, repeated or not, so <c>\s*</c> between a key and its value
/// leaves a pattern bounded. Zero-width assertions count nothing. The pattern is one <see cref="Re2Regex"/> accepted
/// (its syntax is not checked again here); what this reader does not recognise counts as one char, and a construct
/// it cannot size counts as unbounded, so the reach is never less than a match can span.
/// </summary>
internal static class RegexReach
{
    /// <summary>No bound.</summary>
    public const int Unbounded = int.MaxValue;

    private const long Infinite = long.MaxValue / 4;

    /// <summary>The reach of <paramref name="pattern"/>, an RE2 pattern.</summary>
    public static int Of(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var reader = new Reader(pattern);
        var width = reader.Alternation();
        return reader.AtEnd && width < int.MaxValue ? (int)width : Unbounded;
    }

    private static long Add(long a, long b) => Math.Min(Infinite, a + b);

    private static long Times(long width, long count) => width == 0 || count == 0 ? 0 : width >= Infinite || count >= Infinite ? Infinite : Math.Min(Infinite, width * count);

    private sealed class Reader(string pattern)
    {
        private int _pos;

        public bool AtEnd => _pos >= pattern.Length;

        /// <summary>alternation := concat ('|' concat)*: the widest branch.</summary>
        public long Alternation()
        {
            var widest = Concat();
            while (!AtEnd && pattern[_pos] == '|')
            {
                _pos++;
                widest = Math.Max(widest, Concat());
            }

            return widest;
        }

        private long Concat()
        {
            long total = 0;
            while (!AtEnd && pattern[_pos] is not ('|' or ')'))
            {
                if (BareFlags())
                {
                    continue;
                }

                var (width, white) = Atom();
                total = Add(total, Repeated(width, white));
            }

            return total;
        }

        /// <summary>A flag group that is no atom, <c>(?i)</c>: skipped.</summary>
        private bool BareFlags()
        {
            if (!pattern.AsSpan(_pos).StartsWith("(?"))
            {
                return false;
            }

            var end = _pos + 2;
            while (end < pattern.Length && (char.IsAsciiLetter(pattern[end]) || pattern[end] == '-'))
            {
                end++;
            }

            if (end >= pattern.Length || pattern[end] != ')')
            {
                return false;
            }

            _pos = end + 1;
            return true;
        }

        /// <summary>One atom: its width, and whether it matches only white space.</summary>
        private (long Width, bool White) Atom()
        {
            var c = pattern[_pos];
            switch (c)
            {
                case '(':
                    _pos++;
                    SkipGroupHead();
                    var inner = Alternation();
                    if (!AtEnd)
                    {
                        _pos++; // ')'
                    }

                    return (inner, false);
                case '[':
                    return Class();
                case '\\':
                    return Escape();
                case '^' or '$':
                    _pos++;
                    return (0, false);
                default:
                    _pos++;
                    return (1, c == ' ');
            }
        }

        private void SkipGroupHead()
        {
            if (AtEnd || pattern[_pos] != '?')
            {
                return;
            }

            // (?P<name> (?<name> (?flags:
            var close = pattern.AsSpan(_pos).IndexOfAny('>', ':');
            _pos += close < 0 ? 1 : close + 1;
        }

        private (long Width, bool White) Escape()
        {
            _pos++; // '\'
            if (AtEnd)
            {
                return (0, false);
            }

            var c = pattern[_pos++];
            switch (c)
            {
                case 'A' or 'z' or 'b' or 'B':
                    return (0, false);
                case 'Q':
                    var end = pattern.IndexOf(@"\E", _pos, StringComparison.Ordinal);
                    var literal = end < 0 ? pattern.Length - _pos : end - _pos;
                    _pos = end < 0 ? pattern.Length : end + 2;
                    return (literal, false); // a quantifier after it repeats its last char only: counted whole, more
                case 'p' or 'P' or 'x':
                    SkipBraced();
                    return (1, false);
                case 's' or 't' or 'n' or 'r' or 'f':
                    return (1, true);
                default:
                    return (1, false);
            }
        }

        /// <summary>After <c>\p</c>, <c>\P</c> or <c>\x</c>: <c>{...}</c>, or one char (two hex digits for <c>\x</c>).</summary>
        private void SkipBraced()
        {
            var kind = pattern[_pos - 1];
            if (!AtEnd && pattern[_pos] == '{')
            {
                var close = pattern.IndexOf('}', _pos);
                _pos = close < 0 ? pattern.Length : close + 1;
                return;
            }

            _pos = Math.Min(pattern.Length, _pos + (kind == 'x' ? 2 : 1));
        }

        /// <summary>A class <c>[...]</c>: one char; white space only when it names nothing else and is not negated.</summary>
        private (long Width, bool White) Class()
        {
            _pos++; // '['
            var white = true;
            if (!AtEnd && pattern[_pos] == '^')
            {
                white = false;
                _pos++;
            }

            var first = true;
            while (!AtEnd && (pattern[_pos] != ']' || first))
            {
                first = false;
                if (pattern.AsSpan(_pos).StartsWith("[:"))
                {
                    var close = pattern.IndexOf(":]", _pos + 2, StringComparison.Ordinal);
                    _pos = close < 0 ? pattern.Length : close + 2;
                    white = false;
                    continue;
                }

                if (pattern[_pos] == '\\' && _pos + 1 < pattern.Length)
                {
                    var e = pattern[_pos + 1];
                    _pos += 2;
                    if (e is 'p' or 'P' or 'x')
                    {
                        SkipBraced();
                    }

                    white &= e is 's' or 't' or 'n' or 'r' or 'f';
                    continue;
                }

                white &= pattern[_pos] == ' ' && !(_pos + 1 < pattern.Length && pattern[_pos + 1] == '-');
                _pos++;
            }

            _pos++; // ']'
            return (1, white);
        }

        /// <summary>The atom's width under the quantifiers that follow it (white space counts nothing).</summary>
        private long Repeated(long width, bool white)
        {
            while (!AtEnd)
            {
                var c = pattern[_pos];
                long max;
                if (c is '*' or '+')
                {
                    _pos++;
                    max = Infinite;
                }
                else if (c == '?')
                {
                    _pos++;
                    max = 1;
                }
                else if (c == '{' && Counts(out var upper))
                {
                    max = upper;
                }
                else
                {
                    break;
                }

                if (!AtEnd && pattern[_pos] == '?')
                {
                    _pos++; // lazy
                }

                width = Times(width, max);
            }

            return white ? 0 : width;
        }

        /// <summary><c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> at the reader (anything else is a literal <c>{</c> in RE2).</summary>
        private bool Counts(out long upper)
        {
            upper = 0;
            var close = pattern.IndexOf('}', _pos);
            if (close < 0)
            {
                return false;
            }

            var body = pattern.AsSpan(_pos + 1, close - _pos - 1);
            var comma = body.IndexOf(',');
            var low = comma < 0 ? body : body[..comma];
            var high = comma < 0 ? body : body[(comma + 1)..];
            if (low.IsEmpty || !IsDigits(low) || (!high.IsEmpty && !IsDigits(high)))
            {
                return false;
            }

            upper = high.IsEmpty ? Infinite : long.Parse(high, System.Globalization.CultureInfo.InvariantCulture);
            _pos = close + 1;
            return true;
        }

        private static bool IsDigits(ReadOnlySpan<char> s) => s.Length <= 9 && !s.ContainsAnyExcept("0123456789");
    }
}
