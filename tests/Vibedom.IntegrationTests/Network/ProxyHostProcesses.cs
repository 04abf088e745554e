using System.Text;

namespace Vibedom.IntegrationTests.Network;

/// <summary>Finds the background proxy hosts of one VIBEDOM_HOME through /proc and SIGKILLs them.</summary>
internal static class ProxyHostProcesses
{
    public static int KillAll(string vibedomHome)
    {
        var killed = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                var environ = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "environ"))).Split('\0');
                if (cmdline.Contains("__session-host") && environ.Contains("VIBEDOM_HOME=" + vibedomHome))
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                    killed++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // gone meanwhile, or not ours
            }
        }

        return killed;
    }
}
