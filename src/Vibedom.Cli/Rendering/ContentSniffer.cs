using System.Buffers;
using System.Text.Unicode;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// Whether a side of a change is shown as lines or as a binary summary. A NUL byte in the first 8000 bytes
/// (git's rule) makes a file binary only when the whole file does not read as text: not valid UTF-8, or
/// holding other controls than tab, line ends, form feed and ESC, or NUL for half its bytes or more. One NUL
/// in a comment of a script must not hide every line of it (the line diff shows it as <c>\x00</c>). Over
/// 8 MiB, or unreadable, is binary too.
/// </summary>
internal static class ContentSniffer
{
    private const int SniffBytes = 8000;

    /// <summary>C0 controls that text does not hold (all but NUL, tab, line ends, vertical tab, form feed and ESC).</summary>
    private static readonly SearchValues<byte> BinaryControls = SearchValues.Create([.. Enumerable.Range(1, 8).Concat(Enumerable.Range(0x0e, 0x1b - 0x0e)).Concat(Enumerable.Range(0x1c, 4)).Select(b => (byte)b)]);

    /// <summary>Larger sides are not read into memory as text.</summary>
    public const long TextLimit = 8 * 1024 * 1024;

    /// <summary>True when <paramref name="file"/> is shown as a binary summary (null and symlinks never are).</summary>
    public static bool IsBinary(EntryState? file)
    {
        if (file is null or { Type: not EntryType.File })
        {
            return false;
        }

        if (file.Size > TextLimit)
        {
            return true;
        }

        try
        {
            using var stream = RegularFile.OpenRead(file.ContentPath, 1);
            Span<byte> head = stackalloc byte[SniffBytes];
            var read = stream.ReadAtLeast(head, SniffBytes, throwOnEndOfStream: false);
            if (!head[..read].Contains((byte)0))
            {
                return false;
            }

            // a NUL: the whole file is read (one byte more than its size: a file that grew is binary)
            var bytes = new byte[Math.Max(file.Size, read) + 1];
            head[..read].CopyTo(bytes);
            read += stream.ReadAtLeast(bytes.AsSpan(read), bytes.Length - read, throwOnEndOfStream: false);
            var all = bytes.AsSpan(0, read);
            return read == bytes.Length || !Utf8.IsValid(all) || all.ContainsAny(BinaryControls) || all.Count((byte)0) * 2 >= read;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
