using System.Text;

namespace Vibedom.Core.Sandbox.Host;

/// <summary>The real host file system behind <see cref="IHostFiles"/>.</summary>
public sealed class HostFiles : IHostFiles
{
    public static HostFiles Instance { get; } = new();

    private HostFiles()
    {
    }

    public string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public bool Exists(string path) => File.Exists(path) || Directory.Exists(path) || ReadLink(path) is not null;

    public bool IsDirectory(string path) => Directory.Exists(path);

    public bool IsExecutableFile(string path)
    {
        try
        {
            return File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public string? ReadShebang(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            var buffer = new byte[256];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read < 2 || buffer[0] != '#' || buffer[1] != '!')
            {
                return null;
            }

            var end = Array.IndexOf(buffer, (byte)'\n', 0, read);
            return Encoding.UTF8.GetString(buffer, 0, end < 0 ? read : end).TrimEnd('\r');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public int LinkCount(string path) => Workspace.Native.LibC.LinkCount(path);

    public IReadOnlyList<string> ListDirectory(string path)
    {
        try
        {
            return Directory.Exists(path) ? [.. Directory.EnumerateFileSystemEntries(path).Select(Path.GetFileName).OfType<string>()] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
