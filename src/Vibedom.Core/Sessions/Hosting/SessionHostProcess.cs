using Vibedom.Core.Home;

namespace Vibedom.Core.Sessions.Hosting;

/// <summary>
/// The host process of a detached session (<c>vibedom __session-host SESSION</c>): it holds the session's helpers (the
/// egress proxy) for as long as the sandbox runs. Its pid file lives in run/, outside the folder the sandbox sees.
/// </summary>
public static class SessionHostProcess
{
    /// <summary>The hidden verb the CLI runs the host under.</summary>
    public const string Verb = "__session-host";

    public static string PidFile(VibedomHome home, string sessionId) => Path.Combine(home.RunDirectory, $"proxy-{sessionId}.pid");

    /// <summary>True when <paramref name="pid"/> is a session host (a recycled pid of another program is not).</summary>
    public static bool IsHost(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains(Verb);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
