using System.Text.RegularExpressions;

namespace Vibedom.Core.Config;

/// <summary>
/// A TOML parser error as one short line. Tomlyn's message for a key or table written twice quotes the whole first
/// definition, comments included (appending README's <c>[dlp]</c> block to the commented template made one line of
/// several hundred characters); it becomes the name, the line of the first definition and the fix.
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

        // any other message stays on one line
        return message.ReplaceLineEndings(" ");
    }

    [GeneratedRegex(@"^The key `(?<key>[^`]*)` is already defined at \((?<line>\d+),\d+\) with `.*` and cannot be redefined$", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Redefined();
}
