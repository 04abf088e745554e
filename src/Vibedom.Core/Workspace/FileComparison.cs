namespace Vibedom.Core.Workspace;

/// <summary>Byte-for-byte comparison of two files.</summary>
internal static class FileComparison
{
    public static bool SameContent(string a, string b)
    {
        try
        {
            using var left = new FileStream(a, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            using var right = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            if (left.Length != right.Length)
            {
                return false;
            }

            var bufferA = new byte[64 * 1024];
            var bufferB = new byte[64 * 1024];
            while (true)
            {
                var read = left.ReadAtLeast(bufferA, bufferA.Length, throwOnEndOfStream: false);
                var readB = right.ReadAtLeast(bufferB.AsSpan(0, read), read, throwOnEndOfStream: false);
                if (read != readB || !bufferA.AsSpan(0, read).SequenceEqual(bufferB.AsSpan(0, read)))
                {
                    return false;
                }

                if (read < bufferA.Length)
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
