namespace Vibedom.Proxy.Logging;

/// <summary>
/// Where the proxy reports what the user should know and no request line says: the network log failing (egress
/// refused from then on), an allowlist edit refused, an upstream's TLS rejected, the deferred start failing.
/// Messages name no secret: what the agent chose (hosts, reasons) is redacted first.
/// </summary>
public interface IProxyDiagnostics
{
    /// <summary>Called on the proxy's threads; must not block for long and should not throw (a throw is dropped).</summary>
    void Report(ProxyDiagnostic diagnostic);
}
