namespace Vibedom.Core.Sessions;

/// <summary>The files of one session under ~/.vibedom/logs/session-*/ (DESIGN §3). None is visible in the sandbox.</summary>
public sealed record SessionPaths(string Directory)
{
    public string SessionJson => Path.Combine(Directory, "session.json");

    public string SessionLog => Path.Combine(Directory, "session.log");

    public string NetworkLog => Path.Combine(Directory, "network.jsonl");

    public string PreflightJson => Path.Combine(Directory, "preflight.json");

    /// <summary>The overlay's upper layer: everything the agent wrote.</summary>
    public string Changes => Path.Combine(Directory, "changes");

    /// <summary>The overlay's work dir (must be on the same file system as <see cref="Changes"/>).</summary>
    public string OverlayWork => Path.Combine(Directory, "work");

    /// <summary>size/mtime/inode of workspace files at start, for conflict detection.</summary>
    public string Manifest => Path.Combine(Directory, "manifest");

    /// <summary>The start content of the workspace's small text files (<see cref="Workspace.StartStore"/>): the base of a conflict.</summary>
    public string Start => Path.Combine(Directory, "start");

    /// <summary>Undo journals, one folder per apply.</summary>
    public string Applied => Path.Combine(Directory, "applied");
}
