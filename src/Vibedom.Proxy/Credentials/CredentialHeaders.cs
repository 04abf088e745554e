namespace Vibedom.Proxy.Credentials;

/// <summary>
/// The request headers that carry a credential by default: <c>Authorization</c> (any scheme; inside the base64 of
/// <c>Basic</c> too), <c>x-api-key</c>, <c>api-key</c> and <c>x-goog-api-key</c>. A binding may name more
/// (<c>headers = [...]</c>). <c>Proxy-Authorization</c> is never forwarded at all.
/// </summary>
public static class CredentialHeaders
{
    public static readonly IReadOnlyList<string> Default = ["authorization", "x-api-key", "api-key", "x-goog-api-key"];

    /// <summary>Null when <paramref name="name"/> is a header name a binding may add, else the problem.</summary>
    public static string? Check(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
        {
            return $"'{name}' is not a header name";
        }

        return string.Equals(name, "proxy-authorization", StringComparison.OrdinalIgnoreCase)
            ? "'proxy-authorization' is never forwarded"
            : null;
    }
}
