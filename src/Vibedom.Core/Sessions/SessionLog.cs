using System.Globalization;

namespace Vibedom.Core.Sessions;

/// <summary>
/// Appends "[YYYY-MM-DD HH:MM:SS] LEVEL: message" lines to session.log (the seed's format). Every message
/// passes through <see cref="SecretRedactor"/> first: the log never holds a secret value.
/// </summary>
public sealed class SessionLog(string path, TimeProvider time)
{
    /// <summary>Replacement, not an exception, for text that is not valid UTF-16 (File's default encoding throws).</summary>
    private static readonly System.Text.UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Lock _gate = new();

    public void Info(string message) => Write("INFO", message);

    public void Warn(string message) => Write("WARN", message);

    public void Error(string message) => Write("ERROR", message);

    public void Write(string level, string message)
    {
        var stamp = time.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        // a name that is not UTF-8 holds raw bytes (lone surrogates, see NameEscaping): logged as \xNN
        var line = $"[{stamp}] {level}: {SecretRedactor.Redact(Workspace.NameEscaping.WithByteEscapes(message).ReplaceLineEndings(" "))}\n";
        lock (_gate)
        {
            File.AppendAllText(path, line, Lenient);
        }
    }
}
