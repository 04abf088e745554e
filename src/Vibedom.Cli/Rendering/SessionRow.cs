using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Rendering;

/// <summary>One line of <c>vibedom sessions</c>; also its stable --json shape.</summary>
internal sealed record SessionRow(string Id, string Name, string Workspace, string State, string Runtime, int Changes, long AgeSeconds, int? ExitCode)
{
    public static SessionRow From(Session session, TimeProvider time)
    {
        var record = session.Record;
        return new SessionRow(
            record.Id,
            record.Name,
            record.Workspace,
            record.State.ToString().ToLowerInvariant(),
            record.Runtime,
            CountChanges(session, time),
            (long)(time.GetUtcNow() - record.CreatedAt).TotalSeconds,
            record.ExitCode);
    }

    /// <summary>What the agent changed and is not applied yet (0 when the layer cannot be read).</summary>
    private static int CountChanges(Session session, TimeProvider time)
    {
        try
        {
            return Directory.Exists(session.Paths.Changes) ? new SessionWorkspace(session, time).ReadChanges().Listed.Count : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
