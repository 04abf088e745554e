using Vibedom.Core.Config;
using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace;

namespace Vibedom.Cli.Commands;

/// <summary>Picks the sandbox runtime: --runtime, else config [run] runtime, else the platform default.</summary>
internal static class RuntimeCatalog
{
    public const string DefaultName = BwrapPlanner.RuntimeName;

    public static ISandboxRuntime Create(CliContext context, string? requested, VibedomConfig config)
    {
        var name = requested ?? config.Runtime ?? DefaultName;
        return name switch
        {
            BwrapPlanner.RuntimeName when OperatingSystem.IsLinux() => new NamespaceRuntime(context.Home, context.Time),
            BwrapPlanner.RuntimeName => throw VibedomException.Prerequisite("the namespace runtime needs Linux; use --runtime apple on macOS"),
            "docker" or "podman" or "apple" => throw VibedomException.Prerequisite($"the {name} runtime is not available in this version yet; use --runtime namespace"),
            _ => throw VibedomException.Usage($"unknown runtime '{name}' (expected one of: namespace, docker, podman, apple)"),
        };
    }

    /// <summary>The runtime a session was started with (for exec, attach, stop).</summary>
    public static ISandboxRuntime ForSession(CliContext context, string runtime) => Create(context, runtime, VibedomConfig.Default);
}
