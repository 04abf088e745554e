using Vibedom.Core.Sessions;

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
            CountChanges(session.Paths.Changes),
            (long)(time.GetUtcNow() - record.CreatedAt).TotalSeconds,
            record.ExitCode);
    }

    /// <summary>Entries (files, links, whiteouts; not directories) in the overlay's upper layer.</summary>
    private static int CountChanges(string changes)
    {
        if (!Directory.Exists(changes))
        {
            return 0;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        return Directory.EnumerateFileSystemEntries(changes, "*", options).Count(p => !Directory.Exists(p) || File.GetAttributes(p).HasFlag(FileAttributes.ReparsePoint));
    }
}
