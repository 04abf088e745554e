namespace Vibedom.Testing.Agents;

/// <summary>One request the scripted model server received, headers included, for assertions.</summary>
public sealed record RecordedRequest(string Method, string Host, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}
