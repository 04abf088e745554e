namespace Vibedom.Core.Processes.Native;

/// <summary>
/// A struct termios as an opaque buffer: read, written and made raw by libc itself; only
/// ECHO and ONLCR are touched by offset (Linux layout).
/// </summary>
internal sealed unsafe class Termios
{
    private readonly byte[] _bytes = new byte[LibC.TermiosSize];

    private Termios()
    {
    }

    /// <summary>The settings of <paramref name="fd"/>, or null when it is not a terminal.</summary>
    public static Termios? TryRead(int fd)
    {
        var termios = new Termios();
        fixed (byte* p = termios._bytes)
        {
            return LibC.TcGetAttr(fd, p) == 0 ? termios : null;
        }
    }

    public Termios Copy()
    {
        var copy = new Termios();
        _bytes.CopyTo(copy._bytes, 0);
        return copy;
    }

    public bool TryApply(int fd, int when)
    {
        fixed (byte* p = _bytes)
        {
            return LibC.TcSetAttr(fd, when, p) == 0;
        }
    }

    public void MakeRaw()
    {
        fixed (byte* p = _bytes)
        {
            LibC.CfMakeRaw(p);
        }
    }

    public bool Echo => (Flags(LinuxConstants.TermiosLFlagOffset) & LinuxConstants.Echo) != 0;

    public void ClearEcho() => Clear(LinuxConstants.TermiosLFlagOffset, LinuxConstants.Echo);

    public void ClearOutputCrLf() => Clear(LinuxConstants.TermiosOFlagOffset, LinuxConstants.OnlCr);

    public bool SameAs(Termios other) => _bytes.AsSpan().SequenceEqual(other._bytes);

    private uint Flags(int offset) => BitConverter.ToUInt32(_bytes, offset);

    private void Clear(int offset, uint flag) =>
        BitConverter.TryWriteBytes(_bytes.AsSpan(offset, sizeof(uint)), Flags(offset) & ~flag);
}
