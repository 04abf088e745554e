using Vibedom.Proxy.Hosting;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

public sealed class SandboxEnvironmentTests
{
    [Fact]
    public void Variables_ca_bundle_sets_proxies_both_cases_loopback_no_proxy_and_every_ca_variable()
    {
        var env = SandboxEnvironment.Variables("/etc/ssl/certs/ca-certificates.crt");

        Assert.All(new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy" },
            name => Assert.Equal("http://127.0.0.1:3128", env[name]));
        Assert.Equal(("localhost,127.0.0.1,::1", "localhost,127.0.0.1,::1"), (env["NO_PROXY"], env["no_proxy"]));
        Assert.All(new[] { "SSL_CERT_FILE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "GIT_SSL_CAINFO" },
            name => Assert.Equal("/etc/ssl/certs/ca-certificates.crt", env[name]));
    }
}
