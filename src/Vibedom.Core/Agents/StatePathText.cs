using System.Globalization;
using System.Text;
using Vibedom.Core.Workspace;

namespace Vibedom.Core.Agents;

/// <summary>
/// A path in an agent's state, for a one-line message: the agent chose its names, so raw bytes that are not UTF-8 show
/// as <c>\xNN</c> and control characters (a newline, an escape sequence) as <c>\xNN</c> or <c>\uNNNN</c>.
/// </summary>
internal static class StatePathText
{
    public static string Of(string root, byte[] relative)
    {
        var path = NameEscaping.WithByteEscapes(Path.Combine(root, NameEscaping.Escape(relative)));
        var text = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            _ = char.IsControl(c) || c is '\u2028' or '\u2029'
                ? text.Append(c <= 0xff ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}") : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"))
                : text.Append(c);
        }

        return text.ToString();
    }
}
