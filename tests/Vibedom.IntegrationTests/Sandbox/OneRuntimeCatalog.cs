using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox;

namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>A catalog of exactly one (real) runtime, for tests that build a runtime with a given host layout.</summary>
internal sealed class OneRuntimeCatalog(ISandboxRuntime runtime) : IRuntimeCatalog
{
    public IReadOnlyList<ISandboxRuntime> All => [runtime];

    public ISandboxRuntime Get(string name) => name == runtime.Name ? runtime : throw VibedomException.Usage($"unknown runtime '{name}'");
}
