namespace Vibedom.Core.Sandbox;

/// <summary>The one registry of sandbox runtimes: every component that needs a runtime asks it.</summary>
public interface IRuntimeCatalog
{
    /// <summary>The runtimes this machine can use, the default first.</summary>
    IReadOnlyList<ISandboxRuntime> All { get; }

    /// <summary>The runtime named in config, <c>--runtime</c> or a session's record.</summary>
    /// <exception cref="Errors.VibedomException">No such runtime (usage error).</exception>
    ISandboxRuntime Get(string name);
}
