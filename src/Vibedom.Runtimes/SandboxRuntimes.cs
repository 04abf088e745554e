using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace;

namespace Vibedom.Runtimes;

/// <summary>Picks the runtime named by <c>--runtime</c> or config.toml (DESIGN §2).</summary>
public static class SandboxRuntimes
{
    public static IReadOnlyList<string> Names { get; } = ["namespace", "docker", "podman", "apple"];

    /// <summary>The default when neither the command line nor config names one.</summary>
    public static string DefaultName => OperatingSystem.IsMacOS() ? "apple" : "namespace";

    public static ISandboxRuntime Create(string name, VibedomHome home, TimeProvider time) => name switch
    {
        "namespace" when OperatingSystem.IsLinux() => new NamespaceRuntime(home, time),
        "namespace" => throw VibedomException.Prerequisite("the namespace runtime needs Linux; use --runtime docker or --runtime apple"),
        "docker" or "podman" or "apple" => throw VibedomException.Prerequisite($"the {name} runtime is not available in this build yet; use --runtime namespace"),
        _ => throw VibedomException.Usage($"unknown runtime '{name}' (choose one of: {string.Join(", ", Names)})"),
    };
}
