using System.Text.RegularExpressions;

namespace Vibedom.Cli.Rendering;

/// <summary>One line of session.log ("[YYYY-MM-DD HH:MM:SS] LEVEL: message") as data, for <c>logs --json</c>.</summary>
internal sealed partial record SessionLogLine(string Timestamp, string Level, string Message)
{
    public static SessionLogLine Parse(string line)
    {
        var match = Shape().Match(line);
        return match.Success
            ? new SessionLogLine(match.Groups["ts"].Value, match.Groups["level"].Value, match.Groups["msg"].Value)
            : new SessionLogLine(string.Empty, "INFO", line);
    }

    [GeneratedRegex(@"^\[(?<ts>[0-9: -]+)\] (?<level>[A-Z]+): (?<msg>.*)$")]
    private static partial Regex Shape();
}
