using System.Globalization;
using System.Text;

namespace Vibedom.Bench;

/// <summary>
/// The 60 KB JSON bodies of the proxy bench's GET and POST rows, compiled into the proxy bench and the DLP bench so the
/// engine's in-process cost (bench/dlp) is measured on the very bytes the proxy rows move (bench/proxy).
/// </summary>
internal static class BenchBodies
{
    /// <summary>
    /// A clean 60 KB chat request as an agent posts it to its model (code, test output, GUIDs, commit SHAs, numbers:
    /// the look-alikes PII and secret rules must not take), fixed for a seed so every proxy gets the same bytes.
    /// </summary>
    public static byte[] ChatJson60K()
    {
        var random = new Random(2026);
        var builder = new StringBuilder("{\"model\":\"claude\",\"max_tokens\":4096,\"messages\":[");
        string[] pieces =
        [
            "Please refactor the function below so that it handles empty input.\\n",
            "```csharp\\npublic static int Sum(IEnumerable<int> xs) => xs.Aggregate(0, (a, b) => a + b);\\n```\\n",
            "The test output was: Passed 124, Failed 2, Skipped 0 (3.41 s).\\n",
            "{\\\"id\\\": \\\"" + new Guid(RandomBytes(random, 16)) + "\\\", \\\"count\\\": 42, \\\"ratio\\\": 0.125}\\n",
            "commit " + Convert.ToHexStringLower(RandomBytes(random, 20)) + " Fix the parser for nested arrays\\n",
            "error CS1503: Argument 2: cannot convert from 'byte[]' to 'string' at Program.cs(85,37)\\n",
        ];
        while (builder.Length < 60 * 1024 - 100)
        {
            builder.Append("{\"role\":\"user\",\"content\":\"");
            for (var i = 0; i < 6; i++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            builder.Append("\"},");
        }

        builder.Append(CultureInfo.InvariantCulture, $"{{\"role\":\"user\",\"content\":\"thanks\"}}]}}");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>The 60 KB JSON answer of the GET rows (the upstream's <c>/json</c>).</summary>
    public static byte[] Json60K()
    {
        var builder = new StringBuilder("{\"messages\":[");
        var i = 0;
        while (builder.Length < 60 * 1024)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{{\"id\":{i},\"role\":\"assistant\",\"content\":\"Lorem ipsum dolor sit amet, consectetur adipiscing elit {i}\"}},");
            i++;
        }

        builder.Length--;
        builder.Append("]}");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>The bodies of a captured conversation (<c>bench/proxy/capture-claude.sh</c>): DIR's <c>*.json</c>, in name order.</summary>
    public static byte[][] Conversation(string dir) =>
        [.. Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    /// <summary>
    /// <paramref name="body"/> with <paramref name="mark"/> at the start of every text it holds (after each <c>"text":"</c>
    /// and <c>"content":"</c>), so that two conversations marked apart share their tool definitions and system prompt but
    /// none of their turns, as two real ones do (a mark in one place only left another conversation's same turn a closer
    /// match than the conversation's own previous turn); at its start when it has none.
    /// </summary>
    public static byte[] Marked(byte[] body, string mark)
    {
        var insert = Encoding.ASCII.GetBytes(mark);
        var output = new List<byte>(body.Length + (64 * insert.Length));
        var span = body.AsSpan();
        var marked = false;
        while (true)
        {
            var text = span.IndexOf("\"text\":\""u8);
            var content = span.IndexOf("\"content\":\""u8);
            var next = text < 0 ? content : content < 0 ? text : Math.Min(text, content);
            if (next < 0)
            {
                break;
            }

            var at = next + (next == text ? 8 : 11);
            output.AddRange(span[..at]);
            output.AddRange(insert);
            span = span[at..];
            marked = true;
        }

        output.AddRange(span);
        return marked ? [.. output] : [.. insert, .. body];
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
