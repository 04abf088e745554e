using System.Globalization;

namespace Vibedom.Core.Sessions;

/// <summary>
/// Appends "[YYYY-MM-DD HH:MM:SS] LEVEL: message" lines to session.log (the seed's format). Every message
/// passes through <see cref="SecretRedactor"/> first: the log never holds a secret value.
/// </summary>
/// <remarks>
/// The file is bounded by its size on disk, whichever process writes it (the session host's proxy diagnostics, an
/// apply, the reconciler): much of what reaches it is the agent's doing. Lines stop at <see cref="DefaultLimit"/>
/// bytes, where one line says so; the session's milestones (<see cref="Milestone"/>: created, started, ended, applied)
/// go on into a reserve of <see cref="MilestoneReserve"/> bytes past it, so `logs` always shows how the session ended.
/// </remarks>
public sealed class SessionLog
{
    /// <summary>16 MiB: four times the proxy's own diagnostics budget, thousands of times an honest session's log.</summary>
    public const long DefaultLimit = 16L << 20;

    /// <summary>Room past the limit for milestone lines only (thousands of them).</summary>
    public const long MilestoneReserve = 1L << 20;

    /// <summary>Room kept below the limit for the one line saying the log is full.</summary>
    private const int NoticeRoom = 512;

    /// <summary>Replacement, not an exception, for text that is not valid UTF-16 (File's default encoding throws).</summary>
    private static readonly System.Text.UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly long _limit;
    private readonly Lock _gate = new();

    public SessionLog(string path, TimeProvider time)
        : this(path, time, DefaultLimit)
    {
    }

    internal SessionLog(string path, TimeProvider time, long limit)
    {
        _path = path;
        _time = time;
        _limit = limit;
    }

    public void Info(string message) => Write("INFO", message);

    public void Warn(string message) => Write("WARN", message);

    public void Error(string message) => Write("ERROR", message);

    public void Write(string level, string message) => Append(level, message, milestone: false);

    /// <summary>A line `logs` must always show (the session created, started, ended, applied): written past the limit too.</summary>
    public void Milestone(string message, string level = "INFO") => Append(level, message, milestone: true);

    private void Append(string level, string message, bool milestone)
    {
        var bytes = Lenient.GetBytes(Line(level, message));
        lock (_gate)
        {
            using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            var size = file.Length;
            var room = _limit - NoticeRoom;
            if (size + bytes.Length <= room || (size > room && milestone && size + bytes.Length <= _limit + MilestoneReserve))
            {
                file.Write(bytes);
                return;
            }

            if (size > room)
            {
                return; // full: the notice is in the file
            }

            // the first line that does not fit fills the room (cut, unless a milestone) and one line says so: the file's
            // size past the room then tells every writer, in every process, that it is full
            file.Write(milestone ? [] : Cut(bytes, (int)(room - size)));
            file.Write(Lenient.GetBytes(Line("WARN", string.Create(CultureInfo.InvariantCulture,
                $"session.log reached its limit ({Size(_limit)}): further lines are dropped; the session's start, end and apply lines are still written"))));
            if (milestone)
            {
                file.Write(bytes);
            }
        }
    }

    /// <summary>At most <paramref name="room"/> bytes of the line: cut before a character that does not fit whole, ended by a newline.</summary>
    private static byte[] Cut(byte[] line, int room)
    {
        if (room < 2)
        {
            return [];
        }

        var end = room - 1;
        while (end > 0 && (line[end] & 0xC0) == 0x80)
        {
            end--; // not inside a UTF-8 sequence
        }

        return [.. line.AsSpan(0, end), (byte)'\n'];
    }

    private static string Size(long bytes) => bytes % (1 << 20) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");

    private string Line(string level, string message)
    {
        var stamp = _time.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        // a name that is not UTF-8 holds raw bytes (lone surrogates, see NameEscaping): logged as \xNN
        return $"[{stamp}] {level}: {SecretRedactor.Redact(Workspace.NameEscaping.WithByteEscapes(message).ReplaceLineEndings(" "))}\n";
    }
}
