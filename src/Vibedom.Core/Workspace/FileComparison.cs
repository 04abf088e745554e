namespace Vibedom.Core.Workspace;

/// <summary>Byte-for-byte comparison of two files.</summary>
internal static class FileComparison
{
    /// <summary>
    /// True when both are regular files with the same bytes. Only data extents are read (holes of sparse files
    /// are compared by position), and at most <see cref="ContentHash.Limit"/> bytes: beyond that, or when the
    /// extents differ, the files count as different (the review then shows the change; nothing is lost). With a
    /// <paramref name="budget"/>, data it cannot pay for (both sides) is not read: the result is null, not compared.
    /// </summary>
    public static bool? SameContent(string a, string b, ComparisonBudget? budget = null)
    {
        try
        {
            using var left = Native.LibC.OpenRegular(a);
            using var right = Native.LibC.OpenRegular(b);
            var length = RandomAccess.GetLength(left);
            if (length != RandomAccess.GetLength(right))
            {
                return false;
            }

            var extents = Native.LibC.DataExtents(left, length).ToList();
            var data = extents.Sum(e => e.Length);
            if (!extents.SequenceEqual(Native.LibC.DataExtents(right, length)) || data > ContentHash.Limit)
            {
                return false;
            }

            if (budget is not null && !budget.TrySpend(2 * data))
            {
                return null;
            }

            var bufferA = new byte[64 * 1024];
            var bufferB = new byte[64 * 1024];
            foreach (var (offset, size) in extents)
            {
                for (long done = 0; done < size;)
                {
                    var want = (int)Math.Min(bufferA.Length, size - done);
                    var read = RandomAccess.Read(left, bufferA.AsSpan(0, want), offset + done);
                    var readB = RandomAccess.Read(right, bufferB.AsSpan(0, want), offset + done);
                    if (read == 0 || read != readB || !bufferA.AsSpan(0, read).SequenceEqual(bufferB.AsSpan(0, read)))
                    {
                        return false;
                    }

                    done += read;
                }
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
