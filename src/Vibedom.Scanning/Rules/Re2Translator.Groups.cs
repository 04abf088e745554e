namespace Vibedom.Scanning.Rules;

internal sealed partial class Re2Translator
{
    /// <summary>
    /// Parses a group starting at '('. Returns true with <paramref name="bareFlags"/> set when it was a
    /// bare flag group <c>(?i)</c>, which changes <paramref name="flags"/> for the rest of the enclosing group.
    /// </summary>
    private bool TryParseFlagGroup(ref Re2Flags flags, int depth, ref bool usesBoundary, out bool bareFlags)
    {
        bareFlags = false;
        var start = _pos;
        _pos++; // '('
        if (AtEnd || Peek != '?')
        {
            _groups++;
            _out.Append('(');
            ParseGroupBody(flags, depth, ref usesBoundary, start);
            return true;
        }

        _pos++; // '?'
        if (Matches("P<") || (Matches("<") && !Matches("<=") && !Matches("<!")))
        {
            _pos += Matches("P<") ? 2 : 1;
            var end = _pattern.IndexOf('>', _pos);
            if (end < 0)
            {
                throw Error("invalid named capture");
            }

            var name = _pattern[_pos..end];
            if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
            {
                throw Error($"invalid named capture '{name}'");
            }

            _pos = end + 1;
            _groups++;
            _out.Append('('); // numbered as RE2 numbers it; .NET would renumber named groups last
            ParseGroupBody(flags, depth, ref usesBoundary, start);
            return true;
        }

        if (Matches("=") || Matches("!") || Matches("<=") || Matches("<!") || Matches(">") || Matches("P="))
        {
            _pos = start;
            throw Error("lookaround, atomic group or backreference is not RE2 syntax");
        }

        // flags: (?i) (?i-s) (?i:...) (?-i:...)
        var newFlags = flags;
        var negate = false;
        var sawFlag = false;
        while (!AtEnd)
        {
            var c = Peek;
            _pos++;
            switch (c)
            {
                case 'i':
                    newFlags = Set(newFlags, Re2Flags.IgnoreCase, !negate);
                    sawFlag = true;
                    break;
                case 'm':
                    newFlags = Set(newFlags, Re2Flags.MultiLine, !negate);
                    sawFlag = true;
                    break;
                case 's':
                    newFlags = Set(newFlags, Re2Flags.DotAll, !negate);
                    sawFlag = true;
                    break;
                case 'U':
                    newFlags = Set(newFlags, Re2Flags.Ungreedy, !negate);
                    sawFlag = true;
                    break;
                case '-':
                    if (negate)
                    {
                        throw Error("invalid or unsupported Perl syntax (double '-' in flags)");
                    }

                    negate = true;
                    sawFlag = false;
                    break;
                case ':':
                case ')':
                    if (negate && !sawFlag)
                    {
                        throw Error("invalid or unsupported Perl syntax (empty negated flags)");
                    }

                    var caseFlag = CaseFlagChange(flags, newFlags);
                    if (c == ')')
                    {
                        flags = newFlags;
                        if (caseFlag.Length > 0)
                        {
                            _out.Append("(?").Append(caseFlag).Append(')');
                        }

                        bareFlags = true;
                        return true;
                    }

                    _out.Append("(?").Append(caseFlag).Append(':');
                    ParseGroupBody(newFlags, depth, ref usesBoundary, start);
                    return true;
                default:
                    throw Error($"invalid or unsupported Perl syntax '(?{c}'");
            }
        }

        throw Error("missing closing )");
    }

    private static string CaseFlagChange(Re2Flags before, Re2Flags after)
    {
        var was = (before & Re2Flags.IgnoreCase) != 0;
        var now = (after & Re2Flags.IgnoreCase) != 0;
        return was == now ? string.Empty : now ? "i" : "-i";
    }

    private void ParseGroupBody(Re2Flags flags, int depth, ref bool usesBoundary, int start)
    {
        ParseAlternation(flags, depth + 1, ref usesBoundary);
        if (AtEnd || Peek != ')')
        {
            _pos = start;
            throw Error("missing closing )");
        }

        _pos++;
        _out.Append(')');
    }

    private static Re2Flags Set(Re2Flags flags, Re2Flags flag, bool on) => on ? flags | flag : flags & ~flag;

    private bool Matches(string s) => string.CompareOrdinal(_pattern, _pos, s, 0, s.Length) == 0;

    private int ParseEscape(Re2Flags flags, ref bool usesBoundary)
    {
        var atomStart = _out.Length;
        _pos++; // '\'
        if (AtEnd)
        {
            throw Error("trailing backslash at end of expression");
        }

        var c = Peek;
        switch (c)
        {
            case 'A':
                _pos++;
                _out.Append(@"\A");
                return atomStart;
            case 'z':
                _pos++;
                _out.Append(@"\z");
                return atomStart;
            case 'b':
                _pos++;
                usesBoundary = true;
                _out.Append(_exactWordBoundary ? AsciiWordBoundary : @"\b");
                return atomStart;
            case 'B':
                _pos++;
                usesBoundary = true;
                _out.Append(_exactWordBoundary ? AsciiNonWordBoundary : @"\B");
                return atomStart;
            case 'Q':
                _pos++;
                var end = _pattern.IndexOf(@"\E", _pos, StringComparison.Ordinal);
                var literal = end < 0 ? _pattern[_pos..] : _pattern[_pos..end];
                _pos = end < 0 ? _pattern.Length : end + 2;
                // as in RE2, a following quantifier binds to the last literal character only
                for (var i = 0; i < literal.Length; i++)
                {
                    atomStart = _out.Length;
                    _nonAsciiExplicit |= literal[i] >= 128;
                    AppendLiteral(_out, literal[i]);
                }

                return atomStart;
        }

        var set = new CharSet();
        _pos--;
        if (TryParseClassEscape(set, flags))
        {
            _nonAsciiExplicit |= set.NamesNonAscii;
            _out.Append(set.ToNetClass(negated: false));
            return atomStart;
        }

        var cp = ParseSingleCharEscape();
        _nonAsciiExplicit |= cp >= 128;
        AppendLiteral(_out, cp);
        return atomStart;
    }
}
