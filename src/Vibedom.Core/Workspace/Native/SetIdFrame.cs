namespace Vibedom.Core.Workspace.Native;

/// <summary>A folder on the set-id walk's stack: its open descriptor, its names, the next one to visit, and its path relative to the root.</summary>
internal sealed class SetIdFrame(int fd, List<byte[]> names, byte[] path)
{
    public int Fd { get; } = fd;

    public List<byte[]> Names { get; } = names;

    public byte[] Path { get; } = path;

    public int Next { get; set; }
}
