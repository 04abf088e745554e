using Vibedom.Core.Sandbox;

namespace Vibedom.Core.Sessions;

/// <summary>One session: its record (session.json), its files and its timeline log.</summary>
public sealed class Session
{
    private readonly LiveIndex? _index;

    internal Session(SessionRecord record, SessionPaths paths, SessionLog log, LiveIndex? index = null)
    {
        Record = record;
        Paths = paths;
        Log = log;
        _index = index;
    }

    public SessionRecord Record { get; private set; }

    public SessionPaths Paths { get; }

    public SessionLog Log { get; }

    public string Id => Record.Id;

    /// <summary>The session's sandbox as its runtime finds it again (from the record as last read).</summary>
    public SandboxInstance Sandbox => new(Id, Record.Workspace, Paths.Changes, Record.RuntimeHandle, Record.Detached)
    {
        StateDirectories = Record.AgentState is { } state ? [state.Root] : [],
    };

    /// <summary>Replaces the record and writes session.json atomically.</summary>
    public void Update(Func<SessionRecord, SessionRecord> change)
    {
        Record = change(Record);
        var live = LiveIndex.IsLive(Record.State);
        if (live)
        {
            _index?.Add(Id); // before the record says so: the index never misses a live session
        }

        SessionStore.WriteRecord(Paths, Record);
        if (!live)
        {
            _index?.Remove(Id);
        }
    }

    /// <summary>Each resource limit the session reached: a session.log warning and the record (for the summary).</summary>
    public void NoteLimitsReached(IReadOnlyList<string> reached)
    {
        if (reached.Count == 0)
        {
            return;
        }

        foreach (var line in reached)
        {
            Log.Warn($"Limit reached: {line}");
        }

        Reload();
        Update(r => r with { LimitsReached = [.. r.LimitsReached, .. reached.Except(r.LimitsReached)] });
    }

    /// <summary>The sandbox ended: a running record becomes exited with <paramref name="exitCode"/>; <paramref name="line"/> goes to the log.</summary>
    public void MarkEnded(int exitCode, string line, TimeProvider time)
    {
        var now = time.GetUtcNow();
        Reload();
        Update(r => r with { State = r.State == SessionState.Running ? SessionState.Exited : r.State, EndedAt = now, ExitCode = exitCode });
        Log.Milestone(line);
    }

    /// <summary>Re-reads session.json (another vibedom process may have changed it).</summary>
    public void Reload() => Record = SessionStore.ReadRecord(Paths) ?? Record;
}
