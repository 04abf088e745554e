namespace Vibedom.Runtimes.Namespace.Cgroups;

/// <summary>
/// Where session cgroups go: per controller ("memory", "pids", "cpu"; one "unified" entry on v2) the folder
/// under which <c>vibedom/SESSION-ID</c> is created. Probed once (<see cref="CgroupProbe"/>); the planner
/// and tests use it as a plain value.
/// </summary>
public sealed record CgroupLayout(CgroupVersion Version, IReadOnlyDictionary<string, string> Parents)
{
    public const string Unified = "unified";

    public const string Folder = "vibedom";

    public static CgroupLayout None { get; } = new(CgroupVersion.None, new Dictionary<string, string>());

    /// <summary>The session's cgroup folders, one per hierarchy, named from the session id.</summary>
    public IReadOnlyList<string> SessionDirectories(string sessionId) =>
        Parents.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(p => Path.Combine(p, Folder, sessionId)).ToList();

    /// <summary>The session folder of one controller (v1), or the one folder (v2).</summary>
    public string? DirectoryOf(string controller, string sessionId) =>
        Parents.TryGetValue(Version == CgroupVersion.V2 ? Unified : controller, out var parent) ? Path.Combine(parent, Folder, sessionId) : null;

    /// <summary>For doctor and session.log: "cgroup v1 (memory, pids, cpu)".</summary>
    public string Describe() => Version switch
    {
        CgroupVersion.V2 => "cgroup v2",
        CgroupVersion.V1 => $"cgroup v1 ({string.Join(", ", Parents.Keys.Order(StringComparer.Ordinal))})",
        _ => "no cgroups",
    };
}
