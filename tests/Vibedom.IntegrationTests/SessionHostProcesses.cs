using System.Globalization;
using System.Text;

namespace Vibedom.IntegrationTests;

/// <summary>One detached session's host process as /proc shows it.</summary>
internal sealed record SessionHostProcess(int Pid, string[] CommandLine, string[] Environment)
{
    /// <summary>The argv and environment as one text, NUL-separated, for "holds no secret" checks.</summary>
    public string Text => string.Join('\0', CommandLine) + "\n" + string.Join('\0', Environment);
}

/// <summary>Finds the session hosts (`__session-host`) of one VIBEDOM_HOME through /proc.</summary>
internal static class SessionHostProcesses
{
    /// <summary>Every session host of <paramref name="vibedomHome"/>, or only the one of session <paramref name="id"/>.</summary>
    public static List<SessionHostProcess> Find(string vibedomHome, string? id = null)
    {
        var found = new List<SessionHostProcess>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                var environ = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "environ"))).Split('\0');
                if (cmdline.Contains("__session-host") && (id is null || cmdline.Contains(id))
                    && environ.Contains("VIBEDOM_HOME=" + vibedomHome))
                {
                    found.Add(new SessionHostProcess(pid, cmdline, environ));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or not ours
            }
        }

        return found;
    }

    /// <summary>The pid of session <paramref name="id"/>'s host, or null when none runs.</summary>
    public static int? FindOne(string vibedomHome, string id) =>
        Find(vibedomHome, id) is [var host, ..] ? host.Pid : null;

    /// <summary>SIGKILLs every session host of <paramref name="vibedomHome"/>; returns how many.</summary>
    public static int KillAll(string vibedomHome)
    {
        var killed = 0;
        foreach (var host in Find(vibedomHome))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(host.Pid).Kill();
                killed++;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // gone meanwhile
            }
        }

        return killed;
    }
}
