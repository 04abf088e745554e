using System.Net;
using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox;
using Xunit;

namespace Vibedom.Core.Tests.Sandbox;

public sealed class NetworkRouteTests
{
    public sealed class UnixSocket
    {
        [Fact]
        public void UnixSocket_absolute_folder_has_the_socket_inside_and_no_tcp_endpoint()
        {
            var route = NetworkRoute.UnixSocket("/root/.vibedom/run/net-1/");

            Assert.Equal("/root/.vibedom/run/net-1", route.HostDirectory);
            Assert.Equal("/root/.vibedom/run/net-1/proxy.sock", route.HostSocketPath);
            Assert.Null(route.TcpEndpoint);
        }

        [Theory]
        [InlineData("run/net-1")]
        [InlineData("")]
        [InlineData("/run/net\n1")]
        [InlineData("/run/net\u00001")]
        public void UnixSocket_not_an_absolute_plain_path_is_a_usage_error_on_one_line(string directory)
        {
            var e = Assert.Throws<VibedomException>(() => NetworkRoute.UnixSocket(directory));

            Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
            Assert.StartsWith("network route: the proxy's folder must be an absolute path", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    public sealed class Tcp
    {
        [Fact]
        public void Tcp_one_address_and_port_has_no_socket_path()
        {
            var route = NetworkRoute.Tcp("/root/.vibedom/run/net-1", new IPEndPoint(IPAddress.Parse("10.88.0.1"), 3128));

            Assert.Null(route.HostSocketPath);
            Assert.Equal("10.88.0.1:3128", route.TcpEndpoint!.ToString());
            Assert.Equal("tcp 10.88.0.1:3128 (CA in /root/.vibedom/run/net-1)", route.ToString());
        }

        [Theory]
        [InlineData("0.0.0.0", 3128)]
        [InlineData("::", 3128)]
        [InlineData("255.255.255.255", 3128)]
        [InlineData("127.0.0.1", 0)]
        public void Tcp_wildcard_broadcast_or_no_port_is_a_usage_error(string address, int port)
        {
            var e = Assert.Throws<VibedomException>(() => NetworkRoute.Tcp("/root/.vibedom/run/net-1", new IPEndPoint(IPAddress.Parse(address), port)));

            Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
            Assert.StartsWith("network route: ", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Tcp_relative_ca_folder_is_a_usage_error() =>
            Assert.Throws<VibedomException>(() => NetworkRoute.Tcp("net-1", new IPEndPoint(IPAddress.Loopback, 3128)));
    }
}
