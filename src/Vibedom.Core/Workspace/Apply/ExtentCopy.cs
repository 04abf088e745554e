using Microsoft.Win32.SafeHandles;
using Vibedom.Core.Workspace.Native;

namespace Vibedom.Core.Workspace.Apply;

/// <summary>
/// Copies a file by its data extents (SEEK_DATA / SEEK_HOLE): holes stay holes, so a 4 TiB sparse file the
/// agent made with <c>truncate</c> copies in no time and takes no space. Space for the data is reserved first,
/// so a full disk fails here, before anything is renamed into the workspace.
/// </summary>
internal static class ExtentCopy
{
    public static void Copy(SafeFileHandle input, FileStream output)
    {
        var length = RandomAccess.GetLength(input);
        var extents = LibC.DataExtents(input, length).ToList();
        var data = extents.Sum(e => e.Length);
        if (data == length && length > 0)
        {
            // not sparse: reserve the space up front (a full disk fails before the copy)
            output.SetLength(0);
            LibC.Allocate(output.SafeFileHandle, length);
        }

        var buffer = new byte[1 << 16];
        foreach (var (offset, size) in extents)
        {
            for (long done = 0; done < size;)
            {
                var read = RandomAccess.Read(input, buffer.AsSpan(0, (int)Math.Min(buffer.Length, size - done)), offset + done);
                if (read == 0)
                {
                    break;
                }

                RandomAccess.Write(output.SafeFileHandle, buffer.AsSpan(0, read), offset + done);
                done += read;
            }
        }

        output.SetLength(length);
    }
}
