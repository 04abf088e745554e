namespace Vibedom.Core.Sessions;

/// <summary>One session: its record (session.json), its files and its timeline log.</summary>
public sealed class Session
{
    internal Session(SessionRecord record, SessionPaths paths, SessionLog log)
    {
        Record = record;
        Paths = paths;
        Log = log;
    }

    public SessionRecord Record { get; private set; }

    public SessionPaths Paths { get; }

    public SessionLog Log { get; }

    public string Id => Record.Id;

    /// <summary>Replaces the record and writes session.json atomically.</summary>
    public void Update(Func<SessionRecord, SessionRecord> change)
    {
        Record = change(Record);
        SessionStore.WriteRecord(Paths, Record);
    }

    /// <summary>Re-reads session.json (another vibedom process may have changed it).</summary>
    public void Reload() => Record = SessionStore.ReadRecord(Paths) ?? Record;
}
