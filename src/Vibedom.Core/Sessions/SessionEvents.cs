using Vibedom.Core.Processes;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Workspace;

namespace Vibedom.Core.Sessions;

/// <summary>The session side of <see cref="ISandboxEvents"/>: what a runtime reports goes to session.json and session.log.</summary>
public sealed class SessionEvents(Session session, TimeProvider time) : ISandboxEvents
{
    public void Started(string handle, OverlayXattrs overlayXattrs, bool detached, string description)
    {
        var now = time.GetUtcNow();
        session.Update(r => r with
        {
            State = SessionState.Running,
            StartedAt = now,
            Detached = detached,
            RuntimeHandle = handle,
            OverlayXattrs = overlayXattrs,
        });
        session.Log.Milestone($"Sandbox started ({description}): {string.Join(' ', session.Record.Command)}");
    }

    public void Ended(int exitCode, string? startFailure) => session.MarkEnded(
        exitCode, startFailure is null ? $"Command {ExitStatusText.Describe(exitCode)}" : $"Sandbox failed to start ({startFailure}); exit code {exitCode}", time);

    public void LimitsReached(IReadOnlyList<string> reached) => session.NoteLimitsReached(reached);

    public void Note(string line) => session.Log.Info(line);
}
