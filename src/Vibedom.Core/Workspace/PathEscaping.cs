using System.Text;

namespace Vibedom.Core.Workspace;

/// <summary>Backslash escapes for paths in line-oriented files: <c>\\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>.</summary>
internal static class PathEscaping
{
    public static string Escape(string path)
    {
        if (path.AsSpan().IndexOfAny("\\\n\r\t") < 0)
        {
            return path;
        }

        var builder = new StringBuilder(path.Length + 8);
        foreach (var c in path)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    public static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                builder.Append(text[i]);
                continue;
            }

            i++;
            builder.Append(text[i] switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => text[i],
            });
        }

        return builder.ToString();
    }
}
