using System.Globalization;

namespace Vibedom.Scanning.Rules;

internal sealed partial class Re2Translator
{
    private static readonly HashSet<string> GeneralCategories = new(StringComparer.Ordinal)
    {
        "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn",
        "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps",
        "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
    };

    private static readonly Dictionary<string, (int Lo, int Hi)[]> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = [('0', '9'), ('A', 'Z'), ('a', 'z')],
        ["alpha"] = [('A', 'Z'), ('a', 'z')],
        ["ascii"] = [(0, 0x7F)],
        ["blank"] = [('\t', '\t'), (' ', ' ')],
        ["cntrl"] = [(0, 0x1F), (0x7F, 0x7F)],
        ["digit"] = [('0', '9')],
        ["graph"] = [('!', '~')],
        ["lower"] = [('a', 'z')],
        ["print"] = [(' ', '~')],
        ["punct"] = [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        ["space"] = [('\t', '\r'), (' ', ' ')],
        ["upper"] = [('A', 'Z')],
        ["word"] = [('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')],
        ["xdigit"] = [('0', '9'), ('A', 'F'), ('a', 'f')],
    };

    private static readonly (int Lo, int Hi)[] PerlDigit = [('0', '9')];
    private static readonly (int Lo, int Hi)[] PerlSpace = [('\t', '\n'), ('\f', '\r'), (' ', ' ')];
    private static readonly (int Lo, int Hi)[] PerlWord = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];

    private void ParseClass(Re2Flags flags)
    {
        var start = _pos;
        _pos++; // '['
        var negated = false;
        if (!AtEnd && Peek == '^')
        {
            negated = true;
            _pos++;
        }

        var set = new CharSet();
        var first = true;
        while (true)
        {
            if (AtEnd)
            {
                _pos = start;
                throw Error("missing closing ]");
            }

            var c = Peek;
            if (c == ']' && !first)
            {
                _pos++;
                break;
            }

            first = false;
            if (c == '[' && Matches("[:"))
            {
                ParsePosixClass(set);
                continue;
            }

            if (c == '\\' && TryParseClassEscape(set, flags))
            {
                continue;
            }

            var lo = ParseClassChar();
            var hi = lo;
            if (!AtEnd && Peek == '-' && _pos + 1 < _pattern.Length && _pattern[_pos + 1] != ']')
            {
                _pos++;
                hi = ParseClassChar();
                if (hi < lo)
                {
                    throw Error($"invalid character class range {char.ConvertFromUtf32(lo)}-{char.ConvertFromUtf32(hi)}");
                }
            }

            if (hi > 0xFFFF)
            {
                // a .NET class holds UTF-16 units: it cannot match U+10000 and above as RE2 does
                throw Error($"character class naming U+{hi:X4} (above U+FFFF) has no faithful .NET equivalent");
            }

            set.Add(lo, hi);
        }

        _nonAsciiExplicit |= set.NamesNonAscii;
        _out.Append(set.ToNetClass(negated));
    }

    private int ParseClassChar()
    {
        if (Peek == '\\')
        {
            return ParseSingleCharEscape();
        }

        var cp = char.ConvertToUtf32(_pattern, _pos);
        _pos += char.IsSurrogatePair(_pattern, _pos) ? 2 : 1;
        return cp;
    }

    private void ParsePosixClass(CharSet set)
    {
        var end = _pattern.IndexOf(":]", _pos + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            throw Error("missing closing :] of a POSIX class");
        }

        var name = _pattern[(_pos + 2)..end];
        var negate = name.StartsWith('^');
        if (negate)
        {
            name = name[1..];
        }

        if (!PosixClasses.TryGetValue(name, out var ranges))
        {
            throw Error($"invalid character class range [:{name}:]");
        }

        _pos = end + 2;
        set.AddRanges(ranges, negate);
    }

    /// <summary>\d \D \s \S \w \W \pX \p{X} \PX \P{X}; false (position unchanged) for any other escape.</summary>
    private bool TryParseClassEscape(CharSet set, Re2Flags flags)
    {
        _ = flags;
        if (_pos + 1 >= _pattern.Length)
        {
            return false;
        }

        var c = _pattern[_pos + 1];
        switch (c)
        {
            case 'd' or 'D':
                _pos += 2;
                set.AddRanges(PerlDigit, c == 'D');
                return true;
            case 's' or 'S':
                _pos += 2;
                set.AddRanges(PerlSpace, c == 'S');
                return true;
            case 'w' or 'W':
                _pos += 2;
                set.AddRanges(PerlWord, c == 'W');
                return true;
            case 'p' or 'P':
                _pos += 2;
                string name;
                if (!AtEnd && Peek == '{')
                {
                    var end = _pattern.IndexOf('}', _pos);
                    if (end < 0)
                    {
                        throw Error("invalid character class range (missing })");
                    }

                    name = _pattern[(_pos + 1)..end];
                    _pos = end + 1;
                }
                else if (!AtEnd)
                {
                    name = Peek.ToString();
                    _pos++;
                }
                else
                {
                    throw Error("invalid character class range \\p");
                }

                var negate = c == 'P';
                if (name.StartsWith('^'))
                {
                    negate = !negate;
                    name = name[1..];
                }

                if (name == "Any")
                {
                    set.AddRanges([(0, 0x10FFFF)], negate);
                }
                else if (GeneralCategories.Contains(name))
                {
                    set.AddToken((negate ? @"\P{" : @"\p{") + name + "}");
                }
                else
                {
                    throw Error($"unicode class \\p{{{name}}} (a script or unknown name) has no .NET equivalent");
                }

                return true;
            default:
                return false;
        }
    }

    private int ParseSingleCharEscape()
    {
        _pos++; // '\'
        if (AtEnd)
        {
            throw Error("trailing backslash at end of expression");
        }

        var c = Peek;
        _pos++;
        switch (c)
        {
            case 'a': return 7;
            case 'f': return '\f';
            case 't': return '\t';
            case 'n': return '\n';
            case 'r': return '\r';
            case 'v': return '\v';
            case 'x':
                return ParseHexEscape();
            case >= '0' and <= '7':
                // RE2: \0, or \1-\7 followed by another digit, is octal (up to 3 digits); a lone \1 is a backreference
                if (c != '0' && (AtEnd || Peek < '0' || Peek > '7'))
                {
                    throw Error($"invalid escape sequence \\{c} (backreferences are not RE2 syntax)");
                }

                var value = c - '0';
                for (var i = 0; i < 2 && !AtEnd && Peek >= '0' && Peek <= '7'; i++)
                {
                    value = (value * 8) + (Peek - '0');
                    _pos++;
                }

                return value;
        }

        if (c < 128 && !char.IsAsciiLetterOrDigit(c))
        {
            return c;
        }

        _pos -= 2;
        throw Error($"invalid escape sequence \\{c}");
    }

    private int ParseHexEscape()
    {
        if (!AtEnd && Peek == '{')
        {
            var end = _pattern.IndexOf('}', _pos);
            if (end < 0 || !int.TryParse(_pattern.AsSpan(_pos + 1, end - _pos - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var big) || big > 0x10FFFF)
            {
                throw Error("invalid escape sequence \\x{...}");
            }

            _pos = end + 1;
            return big;
        }

        if (_pos + 2 > _pattern.Length || !int.TryParse(_pattern.AsSpan(_pos, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var small))
        {
            throw Error("invalid escape sequence \\x");
        }

        _pos += 2;
        return small;
    }
}
