using Vibedom.Scanning.Hashing;

namespace Vibedom.Proxy.Credentials;

/// <summary>
/// The value the sandbox holds instead of a credential: the real value's known prefix (<c>sk-ant-api03-</c>,
/// <c>ghp_</c>, ...; none when it has no known one), then random characters drawn from the kinds the rest of the real
/// value uses (lower, upper, digits, <c>-</c>, <c>_</c>; a-f alone for hex), to exactly its length. Same length: a
/// body's <c>Content-Length</c> is the same after the proxy swaps one for the other. Only URL-, JSON- and header-safe
/// characters: the sentinel survives encoding unchanged, so the proxy finds it where a client put it.
/// </summary>
public static class CredentialSentinel
{
    /// <summary>Shorter values would be guessable from the sentinel's shape or collide with ordinary text.</summary>
    public const int MinimumLength = 16;

    public const int MaximumLength = 4096;

    /// <summary>The prefixes kept, longest first: a provider's fixed marker, never part of the secret.</summary>
    private static readonly string[] KnownPrefixes =
    [
        "sk-ant-admin01-", "sk-ant-api03-", "sk-ant-oat01-", "sk-ant-", "sk-proj-", "sk-svcacct-", "sk-admin-", "sk-or-v1-", "sk-",
        "github_pat_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "glpat-", "xoxb-", "xoxp-", "xoxa-", "xapp-",
        "hf_", "gsk_", "pplx-", "npm_", "pypi-", "dop_v1_", "r8_", "AIza",
    ];

    /// <summary>Null when <paramref name="value"/> can be bound, else the problem (one line, no value in it).</summary>
    public static string? CheckValue(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "the value is empty";
        }

        if (value.Length is < MinimumLength or > MaximumLength)
        {
            return $"the value has {value.Length} characters; a credential has {MinimumLength} to {MaximumLength}";
        }

        foreach (var c in value)
        {
            // header-safe and JSON-safe: swapped byte for byte into headers and bodies
            if (c is <= ' ' or > '~' or '"' or '\\')
            {
                return "the value holds a space, a quote, a backslash, a control or a non-ASCII character; a credential is printable ASCII";
            }
        }

        return null;
    }

    /// <summary>The known prefix of <paramref name="value"/>, or empty.</summary>
    public static string Prefix(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var prefix in KnownPrefixes)
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal) && value.Length > prefix.Length + 8)
            {
                return prefix;
            }
        }

        return string.Empty;
    }

    /// <summary>A fresh random sentinel for <paramref name="value"/> (checked with <see cref="CheckValue"/> first).</summary>
    public static string Create(string value)
    {
        if (CheckValue(value) is { } problem)
        {
            throw new ArgumentException(problem, nameof(value));
        }

        var prefix = Prefix(value);
        var alphabet = Alphabet(value.AsSpan(prefix.Length));
        while (true)
        {
            var sentinel = prefix + new string(SecureRandom.GetItems<char>(alphabet, value.Length - prefix.Length));
            if (sentinel != value)
            {
                return sentinel;
            }
        }
    }

    /// <summary>The kinds of character the rest uses; only letters, digits, '-' and '_' (URL- and JSON-safe).</summary>
    private static char[] Alphabet(ReadOnlySpan<char> rest)
    {
        bool lower = false, hexLower = true, upper = false, hexUpper = true, digit = false, dash = false, underscore = false;
        foreach (var c in rest)
        {
            lower |= char.IsAsciiLetterLower(c);
            hexLower &= !char.IsAsciiLetterLower(c) || c <= 'f';
            upper |= char.IsAsciiLetterUpper(c);
            hexUpper &= !char.IsAsciiLetterUpper(c) || c <= 'F';
            digit |= char.IsAsciiDigit(c);
            dash |= c == '-';
            underscore |= c == '_';
        }

        var alphabet = new List<char>();
        if (lower)
        {
            alphabet.AddRange(Range('a', hexLower && !upper ? 'f' : 'z'));
        }

        if (upper)
        {
            alphabet.AddRange(Range('A', hexUpper && !lower ? 'F' : 'Z'));
        }

        if (digit || alphabet.Count == 0)
        {
            alphabet.AddRange(Range('0', '9'));
        }

        if (dash)
        {
            alphabet.Add('-');
        }

        if (underscore)
        {
            alphabet.Add('_');
        }

        return [.. alphabet];

        static IEnumerable<char> Range(char from, char to) => Enumerable.Range(from, to - from + 1).Select(c => (char)c);
    }
}
