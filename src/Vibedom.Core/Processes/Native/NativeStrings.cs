using System.Runtime.InteropServices;

namespace Vibedom.Core.Processes.Native;

/// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings (argv, envp) in native memory.</summary>
internal sealed unsafe class NativeStrings : IDisposable
{
    private readonly int _count;

    public NativeStrings(IReadOnlyList<string> strings)
    {
        _count = strings.Count;
        Pointer = (byte**)NativeMemory.AllocZeroed((nuint)(_count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < _count; i++)
        {
            if (strings[i].Contains('\0', StringComparison.Ordinal))
            {
                Dispose();
                throw new ArgumentException($"argument or variable {i} contains a NUL character", nameof(strings));
            }

            Pointer[i] = (byte*)Marshal.StringToCoTaskMemUTF8(strings[i]);
        }
    }

    public byte** Pointer { get; private set; }

    public byte* this[int index] => Pointer[index];

    public void Dispose()
    {
        if (Pointer is null)
        {
            return;
        }

        for (var i = 0; i < _count; i++)
        {
            Marshal.FreeCoTaskMem((nint)Pointer[i]);
        }

        NativeMemory.Free(Pointer);
        Pointer = null;
    }
}
