using System.Globalization;

namespace Vibedom.Core.Sessions;

/// <summary>
/// Appends "[YYYY-MM-DD HH:MM:SS] LEVEL: message" lines to session.log (the seed's format). Every message
/// passes through <see cref="SecretRedactor"/> first: the log never holds a secret value.
/// </summary>
public sealed class SessionLog(string path, TimeProvider time)
{
    private readonly Lock _gate = new();

    public void Info(string message) => Write("INFO", message);

    public void Warn(string message) => Write("WARN", message);

    public void Error(string message) => Write("ERROR", message);

    public void Write(string level, string message)
    {
        var stamp = time.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var line = $"[{stamp}] {level}: {SecretRedactor.Redact(message.ReplaceLineEndings(" "))}\n";
        lock (_gate)
        {
            File.AppendAllText(path, line);
        }
    }
}
