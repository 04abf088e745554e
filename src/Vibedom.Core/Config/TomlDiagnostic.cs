using System.Text.RegularExpressions;

namespace Vibedom.Core.Config;

/// <summary>
/// A TOML parser error as one short line. Tomlyn's message for a key or table written twice quotes the whole first
/// definition, comments included (appending README's <c>[dlp]</c> block to the commented template made one line of
/// several hundred characters); it becomes the name, the line of the first definition and the fix. A bare word where a
/// value goes (<c>secrets = scrub</c>) says that text needs quotes.
/// </summary>
internal static partial class TomlDiagnostic
{
    public static string Describe(string message)
    {
        var redefined = Redefined().Match(message);
        if (redefined.Success)
        {
            var key = redefined.Groups["key"].Value;
            var line = redefined.Groups["line"].Value;
            return $"'{key}' is already defined at line {line}; a table or key appears once in a file: put these keys under the one at line {line}";
        }

        // a bare word where a value goes (secrets = scrub): TOML text needs quotes
        var bare = BareWord().Match(message);
        if (bare.Success)
        {
            var word = bare.Groups["word"].Value;
            return $"{word} is not a TOML value: text goes in quotes, \"{word}\"";
        }

        // the parser's token names (`␤` (token: `newline`)) say less than the characters
        var expecting = Expecting().Match(message);
        if (expecting.Success)
        {
            var found = expecting.Groups["found"].Value;
            return $"expected {expecting.Groups["want"].Value} here, found {(found == "\u2424" ? "the end of the line" : $"`{found}`")}";
        }

        // any other message stays on one line
        return message.ReplaceLineEndings(" ");
    }

    [GeneratedRegex(@"^The key `(?<key>[^`]*)` is already defined at \((?<line>\d+),\d+\) with `.*` and cannot be redefined$", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Redefined();

    [GeneratedRegex(@"^Unexpected token `(?<word>[A-Za-z_][A-Za-z0-9_./~-]{0,100})` for a value$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BareWord();

    [GeneratedRegex(@"^Unexpected token found `(?<found>[^`]{1,100})` \(token: `\w+`\) while expecting (?<want>`[^`]{1,20}`) \(token: `\w+`\)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Expecting();
}
