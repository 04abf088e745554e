namespace Vibedom.Core.Sandbox;

/// <summary>
/// A session's sandbox as a runtime needs to find it again: built by the session side from its record.
/// <paramref name="Handle"/> is what the runtime reported when it started (null: it never did); only the runtime reads it.
/// </summary>
/// <param name="SessionId">The session.</param>
/// <param name="Workspace">The workspace (the working directory inside).</param>
/// <param name="ChangesDirectory">The session's change layer (watched for the disk limit).</param>
/// <param name="Handle">The runtime's opaque handle.</param>
/// <param name="Detached">Whether the sandbox was started detached.</param>
public sealed record SandboxInstance(string SessionId, string Workspace, string ChangesDirectory, string? Handle, bool Detached)
{
    /// <summary>The agent's state folders the sandbox writes (watched for the disk limit with <see cref="ChangesDirectory"/>).</summary>
    public IReadOnlyList<string> StateDirectories { get; init; } = [];
}
