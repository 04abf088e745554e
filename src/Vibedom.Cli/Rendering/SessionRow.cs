using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Rendering;

/// <summary>One line of <c>vibedom sessions</c>; also its stable --json shape.</summary>
internal sealed record SessionRow(string Id, string Name, string Workspace, string State, string Runtime, int Changes, long AgeSeconds, int? ExitCode)
{
    public static SessionRow From(Session session, TimeProvider time)
    {
        var record = session.Record;
        var changes = CountChanges(session, time);
        return new SessionRow(
            record.Id,
            record.Name,
            record.Workspace,
            StateName(record.State, changes),
            record.Runtime,
            changes,
            (long)(time.GetUtcNow() - record.CreatedAt).TotalSeconds,
            record.ExitCode);
    }

    /// <summary>
    /// The state by name; an apply that left changes behind (some said no to, or conflicts) is <c>partly-applied</c>,
    /// so no one takes those changes for reviewed and done.
    /// </summary>
    private static string StateName(SessionState state, int changes) =>
        state == SessionState.Applied && changes > 0 ? "partly-applied" : state.ToString().ToLowerInvariant();

    /// <summary>What the agent changed and is not applied yet (0 when the layer cannot be read).</summary>
    private static int CountChanges(Session session, TimeProvider time)
    {
        try
        {
            return Directory.Exists(session.Paths.Changes) ? new SessionWorkspace(session, time).CountChanges() : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
