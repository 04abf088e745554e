using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.Credentials;

/// <summary>The credential transforms of a proxy, placed last in each list (<see cref="Hosting.EgressProxy.StartAsync"/>).</summary>
internal static class CredentialTransforms
{
    public static IRequestTransform[] Request(IReadOnlyList<ProxyCredential> credentials) =>
        credentials.Count == 0 ? [] : [new CredentialRequestTransform(new CredentialBindings(credentials))];

    public static IResponseTransform[] Response(IReadOnlyList<ProxyCredential> credentials) =>
        credentials.Count == 0 ? [] : [new CredentialResponseTransform(new CredentialBindings(credentials))];
}
