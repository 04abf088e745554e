namespace Vibedom.Core.Sandbox;

/// <summary>
/// The runtime names vibedom knows (config's <c>[run] runtime</c>, <c>--runtime</c>, a session's record). Names only, so
/// config can check them with a location; which of them this build and machine can run is the runtime catalog's to say.
/// </summary>
public static class RuntimeNames
{
    public const string Namespace = "namespace";

    public const string Docker = "docker";

    public const string Podman = "podman";

    public const string Apple = "apple";

    /// <summary>Every known name, the Linux default first.</summary>
    public static IReadOnlyList<string> All { get; } = [Namespace, Docker, Podman, Apple];
}
