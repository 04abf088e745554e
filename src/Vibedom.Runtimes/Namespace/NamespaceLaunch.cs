using Vibedom.Core.Sandbox;

namespace Vibedom.Runtimes.Namespace;

/// <summary>The namespace runtime's part of a plan: the host argv (vibedom-init overlay ... -- bwrap ... -- vibedom-init run ...) and the files written before start.</summary>
public sealed record NamespaceLaunch : RuntimePlan
{
    /// <summary>The host program that starts the sandbox (the helper), and its arguments.</summary>
    public required string FileName { get; init; }

    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>Files the runtime writes on the host before start (host path, content: the sandbox's /etc/passwd and /etc/group).</summary>
    /// <summary>The session's change layer on the host (the overlay's upper layer; a foreground sandbox's disk watcher watches it).</summary>
    public required string ChangesDirectory { get; init; }

    /// <summary>The agent's state folders bound writable (their growth counts against the disk limit with changes/).</summary>
    public IReadOnlyList<string> StateDirectories { get; init; } = [];

    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    public override string Describe() => string.Join(' ', Arguments.Prepend(FileName));
}
