using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace;

namespace Vibedom.Runtimes;

/// <summary>
/// The one registry of sandbox runtimes (<see cref="IRuntimeCatalog"/>): the CLI, the session service, doctor and the
/// containment contract suite all get their runtime here. Adding a runtime is one line in <see cref="Create"/> (see README.md).
/// Each runtime is made once per catalog.
/// </summary>
public sealed class RuntimeCatalog(VibedomHome home, TimeProvider time) : IRuntimeCatalog
{
    private readonly Dictionary<string, ISandboxRuntime> _made = new(StringComparer.Ordinal);

    /// <summary>A catalog whose runtimes start sandboxes as <paramref name="startedBy"/> (the contract suite's unprivileged line).</summary>
    public RuntimeCatalog(VibedomHome home, TimeProvider time, RuntimeUser startedBy)
        : this(home, time) => StartedBy = startedBy;

    /// <summary>The account the runtimes start sandboxes as; null: this process's own.</summary>
    public RuntimeUser? StartedBy { get; }

    /// <summary>The platform default's name (namespace on Linux).</summary>
    public static string DefaultName => RuntimeNames.Namespace;

    public IReadOnlyList<ISandboxRuntime> All =>
        [.. RuntimeNames.All.Where(name => Available(name) is null).Select(Get)];

    public ISandboxRuntime Get(string name)
    {
        lock (_made)
        {
            if (!_made.TryGetValue(name, out var runtime))
            {
                runtime = Create(name);
                _made[name] = runtime;
            }

            return runtime;
        }
    }

    private ISandboxRuntime Create(string name) => Available(name) is { } why ? throw why : name switch
    {
        RuntimeNames.Namespace => StartedBy is { } user ? new NamespaceRuntime(home, time, user) : new NamespaceRuntime(home, time),
        _ => throw Unknown(name),
    };

    /// <summary>Why <paramref name="name"/> cannot run on this machine, or null when it can.</summary>
    private static VibedomException? Available(string name) => name switch
    {
        RuntimeNames.Namespace => OperatingSystem.IsLinux() ? null : VibedomException.Prerequisite("the namespace runtime needs Linux; use --runtime apple on macOS"),
        RuntimeNames.Docker or RuntimeNames.Podman or RuntimeNames.Apple => VibedomException.Prerequisite($"the {name} runtime is not available in this version yet; use --runtime namespace"),
        _ => Unknown(name),
    };

    private static VibedomException Unknown(string name) =>
        VibedomException.Usage($"unknown runtime '{name}' (expected one of: {string.Join(", ", RuntimeNames.All)})");
}
