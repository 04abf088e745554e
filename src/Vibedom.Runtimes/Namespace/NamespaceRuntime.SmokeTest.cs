using Vibedom.Core.Config;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Limits;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions;

namespace Vibedom.Runtimes.Namespace;

/// <summary>doctor's last check: a real throw-away sandbox (overlay, every namespace, no caps) running <c>true</c>.</summary>
public sealed partial class NamespaceRuntime
{
    private async Task<PrerequisiteCheck> SmokeTestAsync(CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("vibedom-doctor-");
        try
        {
            var workspace = Directory.CreateDirectory(Path.Combine(scratch.FullName, "workspace")).FullName;
            var probeHome = new VibedomHome(Path.Combine(scratch.FullName, "home"));
            var probe = new NamespaceRuntime(probeHome, time, _runner) { _host = Host with { RunDirectory = probeHome.RunDirectory } };
            var session = new SessionStore(probeHome, time).Create(workspace, "doctor", Name, ["true"], detached: false);
            var plan = probe.Prepare(new SandboxRequest
            {
                SessionId = session.Id,
                Workspace = workspace,
                Command = ["/bin/sh", "-c", "test \"$(grep CapEff /proc/self/status | tr -d '\\t ')\" = CapEff:0000000000000000"],
                ChangesDirectory = session.Paths.Changes,
                OverlayWorkDirectory = session.Paths.OverlayWork,
                Limits = ResourceLimits.ForThisMachine(new LimitSettings()), // proves the session cgroups work too
            });
            var result = await probe.RunCapturedAsync(plan, new SessionEvents(session, time), timeout: TimeSpan.FromSeconds(20), cancellationToken: cancellationToken).ConfigureAwait(false);
            return result.Succeeded
                ? PrerequisiteCheck.Pass("sandbox", "a test sandbox started (overlay, namespaces, no capabilities) and exited")
                : PrerequisiteCheck.Fail("sandbox", $"a test sandbox failed: {result.FirstErrorLine}", "run 'vibedom doctor' as the same user as 'vibedom run'; see the failing check above or bwrap's message");
        }
        catch (VibedomException e)
        {
            return PrerequisiteCheck.Fail("sandbox", e.Message, "see the failing check above, or bwrap's message; run 'vibedom doctor' as the same user as 'vibedom run'");
        }
        finally
        {
            try
            {
                scratch.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
