using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Tests.Infrastructure;
using Vibedom.Testing.Network;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>git, a real client with its own TLS stack, clones over https through the proxy.</summary>
public sealed class GitCloneTests(UpstreamServer upstream) : IClassFixture<UpstreamServer>
{
    [Fact]
    public async Task Git_clone_over_https_through_the_proxy_works()
    {
        Prerequisite.RequireCommand("git");
        using var work = new TempDirectory("vibedom-git");
        var env = new Dictionary<string, string> { ["HOME"] = work.Path, ["GIT_CONFIG_NOSYSTEM"] = "1", ["GIT_TERMINAL_PROMPT"] = "0" };
        upstream.GitRoot = await GitFixture.CreateBareRepositoryAsync(work.Path);
        await using var proxy = await ProxyUnderTest.StartAsync(upstream, "upstream.test\n");

        env["GIT_SSL_CAINFO"] = proxy.CaPath;
        env["HTTPS_PROXY"] = proxy.ProxyUrl;
        await Git(env, work.Path, "clone", "-q", $"https://{UpstreamServer.Name}/git/repo.git", "dest");

        Assert.Equal(GitFixture.Content, File.ReadAllText(work.Combine("dest", "hello.txt")));
        var lines = await proxy.LogLinesAsync(3);
        Assert.All(lines, l => Assert.True(l.Allowed && l.Tls == NetworkLogEntry.TlsIntercepted && l.Host == UpstreamServer.Name));
        Assert.Contains(lines, l => l.Url == "https://upstream.test/git/repo.git/info/refs?service=[REDACTED]");
    }

    private static async Task Git(Dictionary<string, string> env, string directory, params string[] arguments)
    {
        var result = await Tool.RunAsync("git", arguments, directory, env);
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', arguments)}: {result.StandardError}");
    }
}
