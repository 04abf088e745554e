using Vibedom.Core.Errors;
using Vibedom.Core.Processes;
using Vibedom.Core.Sandbox;
using Vibedom.Runtimes.Namespace.Cgroups;

namespace Vibedom.Runtimes.Namespace;

/// <summary>What the namespace runtime needs from the machine, each failure with its exact fix.</summary>
public sealed partial class NamespaceRuntime
{
    public const string InstallBubblewrap = "sudo apt-get install -y bubblewrap";

    /// <inheritdoc />
    public void EnsureAvailable()
    {
        if (!File.Exists(Host.BwrapPath))
        {
            throw VibedomException.Prerequisite($"bubblewrap (bwrap) is not installed; install it: {InstallBubblewrap}");
        }

        if (!File.Exists(Host.HelperPath))
        {
            throw VibedomException.Prerequisite($"the sandbox helper is missing at {Host.HelperPath}; rebuild vibedom: ./build.sh (needs gcc)");
        }

        if (StaticChecks().FirstOrDefault(c => !c.Ok) is { } failed)
        {
            throw VibedomException.Prerequisite($"{failed.Detail}; fix: {failed.Fix}");
        }
    }

    public async Task<IReadOnlyList<PrerequisiteCheck>> CheckPrerequisitesAsync(CancellationToken cancellationToken = default)
    {
        var checks = new List<PrerequisiteCheck>();
        var bwrap = File.Exists(Host.BwrapPath) ? Host.BwrapPath : null;
        if (bwrap is null)
        {
            checks.Add(PrerequisiteCheck.Fail("bubblewrap", "bwrap is not installed", InstallBubblewrap));
        }
        else
        {
            var version = await _runner.RunAsync(ProcessSpec.Of(bwrap, "--version") with { Timeout = TimeSpan.FromSeconds(10) }, cancellationToken).ConfigureAwait(false);
            var text = version.StandardOutput.Trim();
            checks.Add(IsAtLeast08(text)
                ? PrerequisiteCheck.Pass("bubblewrap", $"{text} at {bwrap}")
                : PrerequisiteCheck.Fail("bubblewrap", $"{(text.Length > 0 ? text : "bwrap")} is older than 0.8 (needs --disable-userns)", "install bubblewrap 0.8 or later (Debian 12: " + InstallBubblewrap + ")"));
        }

        checks.Add(File.Exists(Host.HelperPath)
            ? PrerequisiteCheck.Pass("sandbox helper", Host.HelperPath)
            : PrerequisiteCheck.Fail("sandbox helper", $"missing: {Host.HelperPath}", "rebuild vibedom: ./build.sh (needs gcc: sudo apt-get install -y gcc libc6-dev)"));
        checks.AddRange(StaticChecks());
        checks.Add(PidFd.Unavailable() is { } noPidFd
            ? PrerequisiteCheck.Fail("pidfd", noPidFd, "run on Linux 5.3 or later, and allow pidfd_open in the seccomp profile vibedom runs under")
            : PrerequisiteCheck.Pass("pidfd", "pidfd_open works (sessions end with the process that started them)"));
        checks.Add(Enforcement.Check(Host));
        if (checks.All(c => c.Ok))
        {
            checks.Add(await SmokeTestAsync(cancellationToken).ConfigureAwait(false));
        }

        return checks;
    }

    /// <summary>
    /// Kernel facts read from /proc. Root needs unprivileged user namespaces too: a root-run sandbox's
    /// bwrap runs as an unprivileged host identity.
    /// </summary>
    internal static IReadOnlyList<PrerequisiteCheck> StaticChecks(string proc = "/proc")
    {
        var checks = new List<PrerequisiteCheck>();
        var filesystems = ReadOrNull(Path.Combine(proc, "filesystems")) ?? string.Empty;
        checks.Add(filesystems.Split('\n').Any(l => l.Trim().EndsWith("overlay", StringComparison.Ordinal))
            ? PrerequisiteCheck.Pass("overlayfs", "available")
            : PrerequisiteCheck.Fail("overlayfs", "the kernel has no overlay file system loaded", "sudo modprobe overlay && echo overlay | sudo tee /etc/modules-load.d/vibedom.conf"));

        var max = ReadOrNull(Path.Combine(proc, "sys/user/max_user_namespaces"))?.Trim();
        checks.Add(max is null or "0"
            ? PrerequisiteCheck.Fail("user namespaces", "user namespaces are disabled (user.max_user_namespaces = 0)", "sudo sysctl -w user.max_user_namespaces=15000 && echo user.max_user_namespaces=15000 | sudo tee /etc/sysctl.d/90-vibedom.conf")
            : PrerequisiteCheck.Pass("user namespaces", $"user.max_user_namespaces = {max}"));
        var clone = ReadOrNull(Path.Combine(proc, "sys/kernel/unprivileged_userns_clone"))?.Trim();
        checks.Add(clone == "0"
            ? PrerequisiteCheck.Fail("unprivileged user namespaces", "kernel.unprivileged_userns_clone = 0", "sudo sysctl -w kernel.unprivileged_userns_clone=1 && echo kernel.unprivileged_userns_clone=1 | sudo tee /etc/sysctl.d/90-vibedom.conf")
            : PrerequisiteCheck.Pass("unprivileged user namespaces", clone is null ? "allowed" : $"kernel.unprivileged_userns_clone = {clone}"));

        var apparmor = ReadOrNull(Path.Combine(proc, "sys/kernel/apparmor_restrict_unprivileged_userns"))?.Trim();
        checks.Add(apparmor == "1"
            ? PrerequisiteCheck.Fail("AppArmor user namespace restriction", "kernel.apparmor_restrict_unprivileged_userns = 1 blocks unprivileged sandboxes", "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 && echo kernel.apparmor_restrict_unprivileged_userns=0 | sudo tee /etc/sysctl.d/90-vibedom.conf")
            : PrerequisiteCheck.Pass("AppArmor user namespace restriction", apparmor is null ? "not present" : $"kernel.apparmor_restrict_unprivileged_userns = {apparmor}"));
        return checks;
    }

    internal static bool IsAtLeast08(string versionText)
    {
        var last = versionText.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
        return Version.TryParse(last, out var v) && v >= new Version(0, 8);
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
