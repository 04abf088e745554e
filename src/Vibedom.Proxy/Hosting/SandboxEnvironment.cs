namespace Vibedom.Proxy.Hosting;

/// <summary>
/// The environment a sandboxed process needs to use the proxy (DESIGN §5): the proxy variables
/// in both cases, NO_PROXY naming the sandbox's own loopback (its own network namespace: the agent's
/// dev server and tools on localhost, nothing of the host), and every CA-bundle variable pointing at
/// the bundle that holds vibedom's CA as the sandbox sees it. A pure function: the runtime adds the
/// result to its plan.
/// </summary>
public static class SandboxEnvironment
{
    /// <summary>Where the in-sandbox forwarder listens (it relays to the proxy's Unix socket).</summary>
    public const string DefaultProxyUrl = "http://127.0.0.1:3128";

    /// <summary>
    /// Loopback goes direct: inside the sandbox it is the sandbox's own (only <c>lo</c>, own network
    /// namespace), so a server the agent starts answers its own clients instead of a 403 from the proxy.
    /// </summary>
    public const string NoProxy = "localhost,127.0.0.1,::1";

    public static IReadOnlyDictionary<string, string> Variables(string caBundlePathInSandbox, string proxyUrl = DefaultProxyUrl) =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["HTTP_PROXY"] = proxyUrl,
            ["HTTPS_PROXY"] = proxyUrl,
            ["ALL_PROXY"] = proxyUrl,
            ["http_proxy"] = proxyUrl,
            ["https_proxy"] = proxyUrl,
            ["all_proxy"] = proxyUrl,
            ["NO_PROXY"] = NoProxy,
            ["no_proxy"] = NoProxy,
            ["SSL_CERT_FILE"] = caBundlePathInSandbox,
            ["CURL_CA_BUNDLE"] = caBundlePathInSandbox,
            ["NODE_EXTRA_CA_CERTS"] = caBundlePathInSandbox,
            ["REQUESTS_CA_BUNDLE"] = caBundlePathInSandbox,
            ["GIT_SSL_CAINFO"] = caBundlePathInSandbox,
            ["CARGO_HTTP_CAINFO"] = caBundlePathInSandbox,
            ["DENO_CERT"] = caBundlePathInSandbox,
            ["PIP_CERT"] = caBundlePathInSandbox,
            ["NPM_CONFIG_CAFILE"] = caBundlePathInSandbox,
        };
}
