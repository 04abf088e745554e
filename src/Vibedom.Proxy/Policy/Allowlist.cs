namespace Vibedom.Proxy.Policy;

/// <summary>The parsed egress allowlist: immutable; a reload builds a new one.</summary>
public sealed class Allowlist
{
    public Allowlist(string sourcePath, IReadOnlyList<AllowlistEntry> entries)
    {
        SourcePath = sourcePath;
        Entries = entries;
    }

    public static Allowlist Empty { get; } = new("(none)", []);

    public string SourcePath { get; }

    public IReadOnlyList<AllowlistEntry> Entries { get; }

    /// <summary>The first entry allowing <paramref name="host"/> on <paramref name="port"/>, or null.</summary>
    public AllowlistEntry? Match(string host, int port)
    {
        var normalized = HostName.Normalize(host);
        var address = HostName.ParseAddress(normalized);
        foreach (var entry in Entries)
        {
            if (entry.Matches(normalized, address, port))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Entries given one per string (an agent profile's hosts), named <paramref name="origin"/>: the file's syntax and errors.</summary>
    public static Allowlist Parse(string origin, IEnumerable<string> entries) =>
        new(origin, [.. AllowlistParser.Parse(origin, string.Join('\n', entries)).Entries.Select(e => e with { Origin = origin })]);

    /// <summary>This list followed by the entries of <paramref name="extra"/> (the source stays this list's).</summary>
    public Allowlist With(Allowlist extra) => extra.Entries.Count == 0 ? this : new(SourcePath, [.. Entries, .. extra.Entries]);

    /// <summary>Parses a file; throws <see cref="ProxyConfigurationException"/> with every error found.</summary>
    public static Allowlist Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProxyConfigurationException($"{path}(1,1): allowlist-unreadable: {e.Message}");
        }

        return AllowlistParser.Parse(path, text);
    }
}
