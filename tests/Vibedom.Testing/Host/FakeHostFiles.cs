using Vibedom.Core.Sandbox.Host;

namespace Vibedom.Testing.Host;

/// <summary>
/// A fixed host tree for the pure planners' unit tests: files (with an execute bit and content), folders and symlinks.
/// Parent folders are implied. Symlinks are followed exactly as <see cref="HostPaths.Resolve"/> does.
/// </summary>
public sealed class FakeHostFiles : IHostFiles
{
    private readonly Dictionary<string, string?> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _executable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal) { "/" };

    public FakeHostFiles File(string path, string content = "", bool executable = false)
    {
        Parents(path);
        _files[path] = content;
        _executable[path] = executable;
        return this;
    }

    public FakeHostFiles Executable(string path, string content = "\x7fELF") => File(path, content, executable: true);

    public FakeHostFiles Directory(string path)
    {
        Parents(path);
        _directories.Add(path);
        return this;
    }

    public FakeHostFiles Link(string path, string target)
    {
        Parents(path);
        _links[path] = target;
        return this;
    }

    public string? ReadLink(string path) => _links.GetValueOrDefault(path);

    /// <summary>Every fake file has one name.</summary>
    public int LinkCount(string path) => _files.ContainsKey(path) ? 1 : 0;

    public bool Exists(string path) => _files.ContainsKey(path) || _directories.Contains(path) || _links.ContainsKey(path);

    public bool IsDirectory(string path) => HostPaths.Resolve(path, this) is { } real && _directories.Contains(real);

    public bool IsExecutableFile(string path) => HostPaths.Resolve(path, this) is { } real && _executable.GetValueOrDefault(real);

    public string? ReadShebang(string path) =>
        HostPaths.Resolve(path, this) is { } real && _files.GetValueOrDefault(real) is { } content && content.StartsWith("#!", StringComparison.Ordinal)
            ? content.Split('\n')[0]
            : null;

    public IReadOnlyList<string> ListDirectory(string path)
    {
        if (HostPaths.Resolve(path, this) is not { } real || !_directories.Contains(real))
        {
            return [];
        }

        var prefix = real == "/" ? "/" : real + "/";
        return [.. _files.Keys.Concat(_directories).Concat(_links.Keys)
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && p.Length > prefix.Length && !p[prefix.Length..].Contains('/', StringComparison.Ordinal))
            .Select(p => p[prefix.Length..]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private void Parents(string path)
    {
        for (var dir = Path.GetDirectoryName(path); dir is not null && dir != "/"; dir = Path.GetDirectoryName(dir))
        {
            _directories.Add(dir);
        }
    }
}
