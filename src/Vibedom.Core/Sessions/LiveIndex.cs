namespace Vibedom.Core.Sessions;

/// <summary>
/// The running-sessions index: one empty file per session that is created or running,
/// <c>~/.vibedom/run/live/SESSION-ID</c>, so reconciliation reads only those sessions' records instead of every
/// kept one. A file is added before session.json says the session is live and removed after it says it is not, so
/// the index never misses a live session. A missing index (a home from before it existed) is rebuilt once.
/// </summary>
internal sealed class LiveIndex(string directory)
{
    public string Directory { get; } = directory;

    public bool Exists => System.IO.Directory.Exists(Directory);

    public static bool IsLive(SessionState state) => state is SessionState.Created or SessionState.Running;

    public void Add(string id)
    {
        System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllBytes(Path.Combine(Directory, id), []);
    }

    public void Remove(string id)
    {
        try
        {
            File.Delete(Path.Combine(Directory, id));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover entry costs one record read at the next reconciliation, which removes it
        }
    }

    /// <summary>The ids in the index (names that are not session ids are ignored).</summary>
    public IReadOnlyList<string> Ids() => Exists
        ? System.IO.Directory.GetFiles(Directory, SessionStore.Prefix + "*").Select(Path.GetFileName).OfType<string>()
            .Where(id => !id.Contains('/', StringComparison.Ordinal)).ToList()
        : [];
}
