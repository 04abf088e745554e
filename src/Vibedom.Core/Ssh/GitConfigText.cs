using System.Text;

namespace Vibedom.Core.Ssh;

/// <summary>
/// A git config file read as git's own parser reads it (config.c in git 2.39: <c>git_parse_source</c>,
/// <c>get_base_var</c>, <c>get_value</c>, <c>parse_value</c>): sections and subsections, case-folded names,
/// quotes, the <c>\n \t \b \\ \"</c> escapes, line continuations, comments, CR LF. Anything git would reject,
/// an include (<c>include.*</c>, <c>includeIf.*</c>) or a char outside this reader's certainty (NUL, an
/// undecodable byte) gives null: the caller then asks git itself. <see cref="TryParseWithIncludes"/> keeps the
/// include entries instead, for a caller that follows them (the workspace's <c>core.hooksPath</c>, <c>GitConfigFile</c>).
/// </summary>
internal sealed class GitConfigText
{
    private readonly string _text;
    private int _at;
    private bool _eof;

    private GitConfigText(string text) => _text = text;

    /// <summary>Each <c>section[.subsection].key</c> and its value (null for a bare key) in file order; null when unsure.</summary>
    public static IReadOnlyList<(string Key, string? Value)>? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('\0', StringComparison.Ordinal) || text.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return null;
        }

        return new GitConfigText(text).Entries(includes: false);
    }

    /// <summary>As <see cref="TryParse"/>, but <c>include.path</c> and <c>includeIf.*.path</c> are entries like any other.</summary>
    public static IReadOnlyList<(string Key, string? Value)>? TryParseWithIncludes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('\0', StringComparison.Ordinal) || text.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return null;
        }

        return new GitConfigText(text).Entries(includes: true);
    }

    private List<(string Key, string? Value)>? Entries(bool includes)
    {
        var entries = new List<(string, string?)>();
        var section = string.Empty;
        var comment = false;
        while (true)
        {
            var c = Next();
            if (c == '\n')
            {
                if (_eof)
                {
                    return entries;
                }

                comment = false;
                continue;
            }

            if (comment || IsSpace(c))
            {
                continue;
            }

            if (c is '#' or ';')
            {
                comment = true;
                continue;
            }

            if (c == '[')
            {
                if (BaseVar() is not { Length: > 0 } name)
                {
                    return null;
                }

                section = name + ".";
                continue;
            }

            if (!char.IsAsciiLetter(c) || section.Length == 0)
            {
                return null; // git: a bad config line (or a key before any section)
            }

            if (Value(section, c) is not { } entry || (!includes && entry.Key.StartsWith("include", StringComparison.Ordinal)))
            {
                return null;
            }

            entries.Add(entry);
        }
    }

    /// <summary>git's get_next_char: CR LF reads as LF, the end reads as LF (and sets <see cref="_eof"/>).</summary>
    private char Next()
    {
        if (_at >= _text.Length)
        {
            _eof = true;
            return '\n';
        }

        var c = _text[_at++];
        if (c == '\r' && _at < _text.Length && _text[_at] == '\n')
        {
            _at++;
            return '\n';
        }

        return c;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r';

    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    /// <summary>git's get_base_var and get_extended_base_var: <c>[name]</c>, <c>[name.sub]</c> or <c>[name "sub"]</c>.</summary>
    private string? BaseVar()
    {
        var name = new StringBuilder();
        while (true)
        {
            var c = Next();
            if (_eof)
            {
                return null;
            }

            if (c == ']')
            {
                return name.ToString();
            }

            if (IsSpace(c))
            {
                return ExtendedBaseVar(name, c);
            }

            if (!IsKeyChar(c) && c != '.')
            {
                return null;
            }

            name.Append(char.ToLowerInvariant(c));
        }
    }

    private string? ExtendedBaseVar(StringBuilder name, char c)
    {
        do
        {
            if (c == '\n')
            {
                return null;
            }

            c = Next();
        }
        while (IsSpace(c));

        if (c != '"')
        {
            return null;
        }

        name.Append('.');
        while (true)
        {
            c = Next();
            if (c == '\n')
            {
                return null;
            }

            if (c == '"')
            {
                break;
            }

            if (c == '\\')
            {
                c = Next();
                if (c == '\n')
                {
                    return null;
                }
            }

            name.Append(c);
        }

        return Next() == ']' ? name.ToString() : null;
    }

    /// <summary>git's get_value: the key's name, then nothing (a bare key) or <c>=</c> and its value.</summary>
    private (string Key, string? Value)? Value(string section, char first)
    {
        var key = new StringBuilder(section).Append(char.ToLowerInvariant(first));
        char c;
        while (true)
        {
            c = Next();
            if (_eof || !IsKeyChar(c))
            {
                break;
            }

            key.Append(char.ToLowerInvariant(c));
        }

        while (c is ' ' or '\t')
        {
            c = Next();
        }

        if (c == '\n')
        {
            return (key.ToString(), null);
        }

        return c == '=' && ParseValue() is { } value ? (key.ToString(), value) : null;
    }

    /// <summary>git's parse_value: quotes, escapes, continuations, comments; runs of unquoted space become single-width spaces.</summary>
    private string? ParseValue()
    {
        var value = new StringBuilder();
        bool quote = false, comment = false;
        var space = 0;
        while (true)
        {
            var c = Next();
            if (c == '\n')
            {
                return quote ? null : value.ToString();
            }

            if (comment)
            {
                continue;
            }

            if (IsSpace(c) && !quote)
            {
                space += value.Length > 0 ? 1 : 0;
                continue;
            }

            if (!quote && c is ';' or '#')
            {
                comment = true;
                continue;
            }

            value.Append(' ', space);
            space = 0;
            if (c == '\\')
            {
                c = Next();
                switch (c)
                {
                    case '\n':
                        continue;
                    case 't':
                        c = '\t';
                        break;
                    case 'b':
                        c = '\b';
                        break;
                    case 'n':
                        c = '\n';
                        break;
                    case '\\' or '"':
                        break;
                    default:
                        return null;
                }

                value.Append(c);
                continue;
            }

            if (c == '"')
            {
                quote = !quote;
                continue;
            }

            value.Append(c);
        }
    }
}
