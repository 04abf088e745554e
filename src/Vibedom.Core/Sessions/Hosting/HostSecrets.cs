using Vibedom.Proxy.Credentials;

namespace Vibedom.Core.Sessions.Hosting;

/// <summary>What a detached session's host learns over its pipe: values never to record, and the session's credentials.</summary>
public sealed record HostSecrets(IReadOnlyList<string> Values, IReadOnlyList<ProxyCredential> Credentials);
