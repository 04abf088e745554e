namespace Vibedom.Proxy.Credentials;

/// <summary>The words of a binding's <c>in = [...]</c>: <c>header</c>, <c>path</c>, <c>query</c>, <c>body</c>.</summary>
public static class CredentialPlaceWords
{
    public const string Known = "header, path, query, body";

    /// <summary>The place a word names, or null for an unknown word.</summary>
    public static CredentialPlaces? Parse(string word) => word switch
    {
        "header" => CredentialPlaces.Header,
        "path" => CredentialPlaces.Path,
        "query" => CredentialPlaces.Query,
        "body" => CredentialPlaces.Body,
        _ => null,
    };

    /// <summary>The words for <paramref name="places"/>, in a fixed order.</summary>
    public static IEnumerable<string> Format(CredentialPlaces places) =>
        new[] { "header", "path", "query", "body" }.Where(w => places.HasFlag(Parse(w)!.Value));
}
