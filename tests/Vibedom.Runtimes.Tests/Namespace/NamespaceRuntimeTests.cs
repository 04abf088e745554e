using Vibedom.Core;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Runtimes.Namespace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Runtimes.Tests.Namespace;

public sealed class NamespaceRuntimeTests
{
    public sealed class EnsureAvailable
    {
        [Fact]
        public void Ensure_available_without_bwrap_throws_prerequisite_with_the_apt_get_line()
        {
            // Given a host where bwrap is not installed
            using var dir = new TempDirectory();
            var host = HostProbe.Probe(new VibedomHome(dir.Path)) with { BwrapPath = "bwrap" };
            var runtime = new NamespaceRuntime(new VibedomHome(dir.Path), TimeProvider.System, host);

            // When checking availability
            var e = Assert.Throws<VibedomException>(runtime.EnsureAvailable);

            // Then it is a prerequisite error (exit 3) naming the install command
            Assert.Equal(ExitCodes.RuntimeUnavailable, e.ExitCode);
            Assert.Contains("apt-get install -y bubblewrap", e.Message, StringComparison.Ordinal);
        }
    }
}
