namespace Vibedom.Proxy.Credentials;

/// <summary>
/// Where in a request to a bound host the proxy puts a credential's real value in place of its sentinel. The default,
/// <see cref="Header"/>, is the authentication headers only (<see cref="CredentialHeaders"/>): a sentinel in a path, a
/// query or a body is text the host may store or answer with (a prompt, a gist, a chat message), and swapping it there
/// would hand the real value to whoever reads that text. The other places are an explicit opt-in per binding.
/// </summary>
[Flags]
public enum CredentialPlaces
{
    None = 0,

    /// <summary>The authentication headers, and the headers the binding names.</summary>
    Header = 1,

    Path = 2,

    Query = 4,

    Body = 8,
}
