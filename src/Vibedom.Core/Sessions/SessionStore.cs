using System.Globalization;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Scanning.Hashing;

namespace Vibedom.Core.Sessions;

/// <summary>
/// Creates sessions under ~/.vibedom/logs and reads them back. Finding and listing sessions is
/// <see cref="SessionService"/>'s: it reconciles first, so no command sees a dead session as running.
/// </summary>
public sealed class SessionStore(VibedomHome home, TimeProvider time)
{
    internal const string Prefix = "session-";

    internal LiveIndex Index { get; } = new(Path.Combine(home.RunDirectory, "live"));

    public Session Create(string workspace, string name, string runtime, IReadOnlyList<string> command, bool detached)
    {
        Directory.CreateDirectory(home.LogsDirectory);
        var now = time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{time.GetLocalNow():yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(SecureRandom.GetBytes(2))}");
            var paths = new SessionPaths(Path.Combine(home.LogsDirectory, id));
            try
            {
                Directory.CreateDirectory(home.LogsDirectory);
                if (Directory.Exists(paths.Directory))
                {
                    continue;
                }

                Directory.CreateDirectory(paths.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            catch (IOException) when (attempt < 5)
            {
                continue;
            }

            Directory.CreateDirectory(paths.Changes);
            Directory.CreateDirectory(paths.OverlayWork);
            var record = new SessionRecord
            {
                Id = id,
                Name = name,
                Workspace = workspace,
                Runtime = runtime,
                Command = command,
                Detached = detached,
                CreatedAt = now,
            };
            Index.Add(id);
            WriteRecord(paths, record);
            // the caller writes the first session.log line, so it can start the proxy first
            return new Session(record, paths, new SessionLog(paths.SessionLog, time), Index);
        }
    }

    /// <summary>Every session, newest first. Unreadable session folders are skipped.</summary>
    internal IReadOnlyList<Session> List()
    {
        if (!Directory.Exists(home.LogsDirectory))
        {
            return [];
        }

        return Directory.EnumerateDirectories(home.LogsDirectory, Prefix + "*")
            .Select(dir => Open(new SessionPaths(dir)))
            .OfType<Session>()
            .OrderByDescending(s => s.Record.CreatedAt)
            .ThenByDescending(s => s.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// SESSION is an id, a unique prefix of one (with or without "session-"), or a name; omitted, the newest
    /// session of the workspace containing <paramref name="currentDirectory"/>, else the newest session. A name
    /// several sessions share picks the newest of them and tells <paramref name="notice"/> which, and how to pick another.
    /// With <paramref name="running"/> (exec, attach, stop: verbs for a running session), a name or an omitted SESSION
    /// means the newest RUNNING one of those sessions when there is one, so an ended session started later does not hide it.
    /// </summary>
    internal Session Resolve(string? selector, string currentDirectory, Action<string>? notice = null, bool running = false)
    {
        var all = List();
        if (all.Count == 0)
        {
            throw VibedomException.Usage("no sessions yet; start one with 'vibedom run WORKSPACE'");
        }

        if (string.IsNullOrWhiteSpace(selector))
        {
            var cwd = Path.TrimEndingDirectorySeparator(Path.GetFullPath(currentDirectory));
            var here = all.Where(s => IsSameOrInside(cwd, s.Record.Workspace)).ToList();
            var candidates = here.Count > 0 ? here : all;
            return (running ? candidates.FirstOrDefault(IsRunning) : null) ?? candidates[0];
        }

        var exact = all.FirstOrDefault(s => s.Id == selector || s.Id == Prefix + selector);
        if (exact is not null)
        {
            return exact;
        }

        var byPrefix = all.Where(s => s.Id.StartsWith(selector, StringComparison.Ordinal) || s.Id.StartsWith(Prefix + selector, StringComparison.Ordinal)).ToList();
        if (byPrefix.Count == 1)
        {
            return byPrefix[0];
        }

        if (byPrefix.Count > 1)
        {
            throw VibedomException.Usage($"session '{selector}' is ambiguous ({byPrefix.Count} match); give more of the id");
        }

        var byName = all.Where(s => s.Record.Name == selector).ToList();
        if (running && byName.Where(IsRunning).ToList() is { Count: > 0 } live)
        {
            byName = live;
        }

        if (byName.Count > 1)
        {
            notice?.Invoke($"{byName.Count} sessions are named '{selector}'; using the newest, {byName[0].Id}; pick another by its id ({string.Join(", ", byName.Skip(1).Take(3).Select(s => s.Id))}{(byName.Count > 4 ? ", ..." : string.Empty)}; see 'vibedom sessions')");
        }

        return byName.Count switch
        {
            0 => throw VibedomException.Usage($"unknown session '{selector}' (see 'vibedom sessions')"),
            _ => byName[0],
        };
    }

    private static bool IsRunning(Session session) => session.Record.State == SessionState.Running;

    internal Session? Open(SessionPaths paths)
    {
        var record = ReadRecord(paths);
        return record is null ? null : new Session(record, paths, new SessionLog(paths.SessionLog, time), Index);
    }

    /// <summary>The session with this id (no prefix, no name), or null.</summary>
    internal Session? OpenById(string id) =>
        id.StartsWith(Prefix, StringComparison.Ordinal) && !id.Contains('/', StringComparison.Ordinal) && !id.Contains("..", StringComparison.Ordinal)
            ? Open(new SessionPaths(Path.Combine(home.LogsDirectory, id)))
            : null;

    /// <summary>
    /// The sessions the index holds as created or running, read from their records; entries of sessions that are
    /// gone or no longer live are dropped. Without an index (a home from before it), every session is read once to build it.
    /// </summary>
    internal IReadOnlyList<Session> Live()
    {
        if (!Index.Exists)
        {
            var all = List().Where(s => LiveIndex.IsLive(s.Record.State)).ToList();
            all.ForEach(s => Index.Add(s.Id));
            Directory.CreateDirectory(Index.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return all;
        }

        var live = new List<Session>();
        foreach (var id in Index.Ids())
        {
            var session = OpenById(id);
            if (session is not null && LiveIndex.IsLive(session.Record.State))
            {
                live.Add(session);
            }
            else if (session is not null || !Directory.Exists(Path.Combine(home.LogsDirectory, id)))
            {
                Index.Remove(id); // ended, or gone; a folder whose record is not written yet (or unreadable a moment) keeps its entry
            }
        }

        return live;
    }

    internal static SessionRecord? ReadRecord(SessionPaths paths)
    {
        try
        {
            return SessionRecordJson.Read(File.ReadAllText(paths.SessionJson));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    internal static void WriteRecord(SessionPaths paths, SessionRecord record)
    {
        // a temp file of this writer's own: two commands updating one session never write into each other's file
        var temp = $"{paths.SessionJson}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, SessionRecordJson.Write(record) + "\n");
        File.Move(temp, paths.SessionJson, overwrite: true);
    }

    private static bool IsSameOrInside(string path, string root)
    {
        var r = Path.TrimEndingDirectorySeparator(root);
        return path == r || path.StartsWith(r + "/", StringComparison.Ordinal);
    }
}
