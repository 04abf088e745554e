namespace Vibedom.Proxy.Credentials;

/// <summary>
/// One <c>[[credentials]]</c> entry for a session: the host variable's <see cref="Name"/>, the per-session
/// <see cref="Sentinel"/> the sandbox holds in its place (same length, see <see cref="CredentialSentinel"/>), the
/// real <see cref="Value"/> the proxy puts in its place on requests to <see cref="Hosts"/> only, in the
/// <see cref="Places"/> of a request the binding names (by default its authentication headers), and nowhere else.
/// <see cref="ToString"/> never shows the value.
/// </summary>
public sealed record ProxyCredential
{
    public ProxyCredential(string name, string sentinel, string value, IReadOnlyList<string> hosts,
        CredentialPlaces places = CredentialPlaces.Header, IReadOnlyList<string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        if (places == CredentialPlaces.None || (headers is { Count: > 0 } && !places.HasFlag(CredentialPlaces.Header)))
        {
            throw new ArgumentException($"credential {name}: no place to send it, or headers named without 'header'", nameof(places));
        }

        if ((headers ?? []).Select(CredentialHeaders.Check).OfType<string>().FirstOrDefault() is { } header)
        {
            throw new ArgumentException($"credential {name}: {header}", nameof(headers));
        }

        if (CredentialSentinel.CheckValue(value) is { } problem)
        {
            throw new ArgumentException($"credential {name}: {problem}", nameof(value));
        }

        if (sentinel.Length != value.Length || sentinel == value)
        {
            throw new ArgumentException($"credential {name}: the sentinel must differ from the value and have its length", nameof(sentinel));
        }

        Name = name;
        Sentinel = sentinel;
        Value = value;
        Hosts = [.. hosts.Select(CredentialHosts.Normalize)];
        Places = places;
        Headers = [.. (headers ?? []).Select(h => h.ToLowerInvariant()).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The host environment variable (and the sandbox's, where it holds the sentinel).</summary>
    public string Name { get; }

    /// <summary>What the sandbox holds: random per session, the real value's length, its known prefix kept.</summary>
    public string Sentinel { get; }

    /// <summary>The real value: only in requests to <see cref="Hosts"/>; never recorded.</summary>
    public string Value { get; }

    /// <summary>The exact host names (normalised) whose requests get the real value; subdomains do not.</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>Where in a request the value goes: <see cref="CredentialPlaces.Header"/> unless the binding opts in to more.</summary>
    public CredentialPlaces Places { get; }

    /// <summary>Header names (lower case) the binding adds to <see cref="CredentialHeaders.Default"/>.</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>A credential made for this session from the real value: a fresh sentinel.</summary>
    public static ProxyCredential Create(string name, string value, IReadOnlyList<string> hosts,
        CredentialPlaces places = CredentialPlaces.Header, IReadOnlyList<string>? headers = null) =>
        new(name, CredentialSentinel.Create(value), value, hosts, places, headers);

    /// <summary>True when the value goes into the header <paramref name="name"/> (any case).</summary>
    public bool SwapsHeader(string name) =>
        Places.HasFlag(CredentialPlaces.Header)
        && (CredentialHeaders.Default.Contains(name, StringComparer.OrdinalIgnoreCase) || Headers.Contains(name, StringComparer.OrdinalIgnoreCase));

    public override string ToString() => $"credential {Name} for {string.Join(", ", Hosts)}";
}
