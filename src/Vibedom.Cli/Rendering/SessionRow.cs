using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// One line of <c>vibedom sessions</c>; also its stable --json shape. <see cref="Uncompared"/> of the <see cref="Changes"/>
/// are modified files the listing did not compare with the workspace (its <see cref="ComparisonBudget"/> was spent).
/// </summary>
internal sealed record SessionRow(string Id, string Name, string Workspace, string State, string Runtime, int Changes, long AgeSeconds, int? ExitCode, int Uncompared)
{
    /// <param name="budget">what the whole listing may read to compare modified files (<see cref="ComparisonBudget.ForListing"/>)</param>
    public static SessionRow From(Session session, TimeProvider time, ComparisonBudget budget)
    {
        var record = session.Record;
        var changes = CountChanges(session, time, budget);
        return new SessionRow(
            record.Id,
            record.Name,
            record.Workspace,
            StateName(record.State, changes.Changes),
            record.Runtime,
            changes.Changes,
            (long)(time.GetUtcNow() - record.CreatedAt).TotalSeconds,
            record.ExitCode,
            changes.Uncompared);
    }

    /// <summary><c> (N not compared)</c> after a count, or nothing when every modified file was compared.</summary>
    public static string NotCompared(ChangeCount count) => count.Uncompared == 0
        ? string.Empty
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $" ({count.Uncompared} not compared)");

    /// <summary>The CHANGES column: the count, and how many of them were not compared.</summary>
    public string ChangesColumn() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Changes}{NotCompared(new ChangeCount(Changes, Uncompared))}");

    /// <summary>
    /// The state by name; an apply that left changes behind (some said no to, or conflicts) is <c>partly-applied</c>,
    /// so no one takes those changes for reviewed and done.
    /// </summary>
    private static string StateName(SessionState state, int changes) =>
        state == SessionState.Applied && changes > 0 ? "partly-applied" : state.ToString().ToLowerInvariant();

    /// <summary>What the agent changed and is not applied yet (0 when the layer cannot be read).</summary>
    private static ChangeCount CountChanges(Session session, TimeProvider time, ComparisonBudget budget)
    {
        try
        {
            return Directory.Exists(session.Paths.Changes) ? new SessionWorkspace(session, time).CountChanges(budget) : ChangeCount.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ChangeCount.None;
        }
    }
}
