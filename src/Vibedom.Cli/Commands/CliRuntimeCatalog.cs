using Vibedom.Core.Config;
using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace;

namespace Vibedom.Cli.Commands;

/// <summary>The runtime catalog as Core's session service sees it (until the catalog of the Runtimes project replaces it).</summary>
internal sealed class CliRuntimeCatalog(CliContext context) : IRuntimeCatalog
{
    public IReadOnlyList<ISandboxRuntime> All => OperatingSystem.IsLinux() ? [new NamespaceRuntime(context.Home, context.Time)] : [];

    public ISandboxRuntime Get(string name) => RuntimeCatalog.Create(context, name, VibedomConfig.Default);
}
