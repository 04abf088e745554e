namespace Vibedom.Proxy.Credentials;

/// <summary>A session's credentials by bound host, with the byte strings swapped each way for that host.</summary>
internal sealed class CredentialBindings
{
    private readonly Dictionary<string, Bound> _byHost = new(StringComparer.Ordinal);

    public CredentialBindings(IReadOnlyList<ProxyCredential> credentials)
    {
        foreach (var host in credentials.SelectMany(c => c.Hosts).Distinct(StringComparer.Ordinal))
        {
            var bound = credentials.Where(c => CredentialHosts.Contains(c.Hosts, host)).ToList();
            _byHost[host] = new Bound(
                bound,
                new Replacements(bound.Where(c => c.Places.HasFlag(CredentialPlaces.Body)).SelectMany(CredentialForms.Outgoing)),
                new Replacements(bound.SelectMany(CredentialForms.Returning)));
        }
    }

    public bool IsEmpty => _byHost.Count == 0;

    /// <summary>The credentials bound to <paramref name="host"/> (as the exchange names it: normalised), if any.</summary>
    public Bound? For(string host) => _byHost.GetValueOrDefault(host);

    /// <param name="Credentials">Bound to the host.</param>
    /// <param name="Outgoing">Sentinel → value, for request bodies (of the credentials that opted in to <c>body</c>; often none).</param>
    /// <param name="Returning">Value (and its base64 forms) → sentinel, for responses.</param>
    internal sealed record Bound(IReadOnlyList<ProxyCredential> Credentials, Replacements Outgoing, Replacements Returning);
}
