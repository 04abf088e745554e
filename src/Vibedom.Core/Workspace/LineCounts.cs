using System.Text;

namespace Vibedom.Core.Workspace;

/// <summary>A text file as a bag of lines (each with its byte length), for how alike two files are.</summary>
internal sealed class LineCounts
{
    private readonly Dictionary<string, (int Count, int Bytes)> _lines = new(StringComparer.Ordinal);

    private long _bytes;

    /// <summary>
    /// The lines of a small regular file; null when it is binary (a NUL), unreadable, or longer than
    /// <paramref name="limit"/> bytes (the agent's file may have grown since it was listed: never read whole).
    /// </summary>
    public static LineCounts? Of(string path, int limit)
    {
        string text;
        try
        {
            using var stream = RegularFile.OpenRead(path);
            var buffer = new byte[limit + 1];
            var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (length > limit)
            {
                return null;
            }

            using var reader = new StreamReader(new MemoryStream(buffer, 0, length), Encoding.UTF8);
            text = reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var counts = new LineCounts();
        foreach (var line in text.Split('\n'))
        {
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts._lines, line, out _);
            slot = (slot.Count + 1, line.Length + 1);
            counts._bytes += line.Length + 1;
        }

        return counts;
    }

    /// <summary>Percent of the larger file's bytes that are lines the other holds too (git's idea of similarity, by lines).</summary>
    public static int Similarity(LineCounts a, LineCounts b)
    {
        var (small, large) = a._lines.Count <= b._lines.Count ? (a, b) : (b, a);
        long common = 0;
        foreach (var (line, (count, bytes)) in small._lines)
        {
            if (large._lines.TryGetValue(line, out var other))
            {
                common += (long)Math.Min(count, other.Count) * bytes;
            }
        }

        var total = Math.Max(a._bytes, b._bytes);
        return total == 0 ? 0 : (int)(common * 100 / total);
    }
}
