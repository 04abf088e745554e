using System.Globalization;
using Vibedom.Core.Home;
using Vibedom.Core.Sessions;

namespace Vibedom.Cli;

/// <summary>An unexpected exception's details, written to ~/.vibedom/logs/crash-*.log (secrets redacted), never to the terminal.</summary>
internal static class CrashReport
{
    public static string Write(VibedomHome home, Exception exception, TimeProvider time)
    {
        var stamp = time.GetLocalNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        try
        {
            Directory.CreateDirectory(home.LogsDirectory);
            var path = Path.Combine(home.LogsDirectory, $"crash-{stamp}-{Environment.ProcessId}.log");
            File.WriteAllText(path, SecretRedactor.Redact(exception.ToString()) + "\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "not written: " + e.Message;
        }
    }
}
