using Vibedom.Core;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Runtimes.Tests;

public sealed class RuntimeCatalogTests
{
    public sealed class Get
    {
        [Fact]
        public void Get_namespace_is_the_namespace_runtime_made_once()
        {
            using var dir = new TempDirectory();
            var catalog = new RuntimeCatalog(new VibedomHome(dir.Path), TimeProvider.System);

            var runtime = catalog.Get(RuntimeNames.Namespace);

            Assert.IsType<NamespaceRuntime>(runtime);
            Assert.Equal(RuntimeNames.Namespace, runtime.Name);
            Assert.Same(runtime, catalog.Get(RuntimeNames.Namespace));
        }

        [Theory]
        [InlineData("docker")]
        [InlineData("podman")]
        [InlineData("apple")]
        public void Get_known_runtime_not_in_this_version_is_a_prerequisite_error(string name)
        {
            using var dir = new TempDirectory();

            var e = Assert.Throws<VibedomException>(() => new RuntimeCatalog(new VibedomHome(dir.Path), TimeProvider.System).Get(name));

            Assert.Equal(ExitCodes.RuntimeUnavailable, e.ExitCode);
            Assert.Equal($"the {name} runtime is not available in this version yet; use --runtime namespace", e.Message);
        }

        [Theory]
        [InlineData("bwrap")]
        [InlineData("Namespace")]
        [InlineData("")]
        public void Get_unknown_name_is_a_usage_error_listing_the_known_names(string name)
        {
            using var dir = new TempDirectory();

            var e = Assert.Throws<VibedomException>(() => new RuntimeCatalog(new VibedomHome(dir.Path), TimeProvider.System).Get(name));

            Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
            Assert.Equal($"unknown runtime '{name}' (expected one of: namespace, docker, podman, apple)", e.Message);
        }
    }

    public sealed class All
    {
        [Fact]
        public void All_on_linux_is_the_namespace_runtime_first()
        {
            using var dir = new TempDirectory();
            var catalog = new RuntimeCatalog(new VibedomHome(dir.Path), TimeProvider.System);

            var all = catalog.All;

            Assert.Equal([RuntimeNames.Namespace], all.Select(r => r.Name));
            Assert.Same(catalog.Get(RuntimeNames.Namespace), all[0]);
            Assert.Equal(RuntimeCatalog.DefaultName, all[0].Name);
        }
    }

    public sealed class StartedBy
    {
        [Fact]
        public void StartedBy_root_is_refused()
        {
            using var dir = new TempDirectory();
            var catalog = new RuntimeCatalog(new VibedomHome(dir.Path), TimeProvider.System, new RuntimeUser(0, 0, "root", "/root"));

            var e = Assert.Throws<VibedomException>(() => catalog.Get(RuntimeNames.Namespace));

            Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
            Assert.StartsWith("only root can start sandboxes as another account", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void StartedBy_ordinary_account_plans_rootless_for_its_name_and_home()
        {
            Prerequisite.Require(Prerequisite.IsRoot, "only root can start sandboxes as another account");
            using var dir = new TempDirectory();
            var catalog = new RuntimeCatalog(new VibedomHome(dir.Path), TimeProvider.System, new RuntimeUser(65534, 65534, "nobody", "/srv/nobody-home"));

            var host = ((NamespaceRuntime)catalog.Get(RuntimeNames.Namespace)).Host;

            Assert.False(host.IsRoot);
            Assert.Equal("nobody", host.UserName);
            Assert.Equal("/srv/nobody-home", host.Home);
        }
    }
}
