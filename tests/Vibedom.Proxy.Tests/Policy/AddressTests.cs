using System.Net;
using Microsoft.Extensions.Time.Testing;
using Vibedom.Proxy.Policy;
using Xunit;

namespace Vibedom.Proxy.Tests.Policy;

public sealed class AddressTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("10.20.30.40", "rfc1918")]
    [InlineData("172.31.255.255", "rfc1918")]
    [InlineData("192.168.1.1", "rfc1918")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("169.254.10.10", "link-local")]
    [InlineData("100.100.100.100", "cgnat")]
    [InlineData("0.0.0.0", "this-network")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "metadata")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd00:ec2::254", "unique-local")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "metadata")]
    [InlineData("64:ff9b::a00:5", "rfc1918")]
    [InlineData("64:ff9b::5db8:d822", null)]
    [InlineData("93.184.216.34", null)]
    [InlineData("172.32.0.1", null)]
    [InlineData("2606:2800:220:1::1", null)]
    public void Classify_address_names_its_private_range(string address, string? expected)
    {
        Assert.Equal(expected, PrivateAddresses.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.1", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("fc00::/7", "fdff::1", true)]
    [InlineData("127.0.0.0/8", "::ffff:127.0.0.9", true)]
    public void Contains_address_matches_prefix(string cidr, string address, bool expected)
    {
        Assert.Equal(expected, IpNetwork.Parse(cidr).Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public async Task ResolveAsync_override_to_loopback_without_allow_private_is_refused_without_dns()
    {
        var resolver = new EgressResolver(
            new Dictionary<string, HostOverride> { ["api.test"] = new(IPAddress.Loopback, 8443) }, [], new FakeTimeProvider());

        var resolution = await resolver.ResolveAsync("API.test.", 443, TestContext.Current.CancellationToken);

        Assert.Empty(resolution.Endpoints);
        Assert.Equal("api.test resolves to 127.0.0.1 (loopback), which allow_private does not list", resolution.Problem);
    }

    [Fact]
    public async Task ResolveAsync_override_with_allow_private_uses_pinned_address_and_port()
    {
        var resolver = new EgressResolver(
            new Dictionary<string, HostOverride> { ["api.test"] = new(IPAddress.Loopback, 8443) }, [IpNetwork.Parse("127.0.0.1/32")], new FakeTimeProvider());

        var resolution = await resolver.ResolveAsync("api.test", 443, TestContext.Current.CancellationToken);

        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 8443)], resolution.Endpoints);
    }

    [Fact]
    public async Task ResolveAsync_metadata_literal_is_refused()
    {
        var resolver = new EgressResolver(new Dictionary<string, HostOverride>(), [IpNetwork.Parse("10.0.0.0/8")], new FakeTimeProvider());

        var resolution = await resolver.ResolveAsync("169.254.169.254", 80, TestContext.Current.CancellationToken);

        Assert.Equal("169.254.169.254 resolves to 169.254.169.254 (metadata), which allow_private does not list", resolution.Problem);
    }

    [Theory]
    [InlineData("127.0.0.1:8443", "127.0.0.1", 8443)]
    [InlineData("127.0.0.1", "127.0.0.1", null)]
    [InlineData("[::1]:443", "::1", 443)]
    [InlineData("::1", "::1", null)]
    public void TryParse_host_override_reads_address_and_port(string text, string address, int? port)
    {
        Assert.True(HostOverride.TryParse(text, out var value));
        Assert.Equal((IPAddress.Parse(address), port), (value!.Address, value.Port));
    }
}
