namespace Vibedom.Testing;

/// <summary>
/// A detached session a test starts through the real binary (<c>run WORKSPACE --yes --detach --name NAME -- sleep 600</c>)
/// to attach to, exec into or list; disposing it stops it and keeps its changes.
/// </summary>
public sealed class DetachedSession : IAsyncDisposable
{
    private readonly VibedomBinary _vibedom;

    private DetachedSession(VibedomBinary vibedom, string name)
    {
        _vibedom = vibedom;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Starts it; throws with vibedom's stderr when it did not start.</summary>
    public static async Task<DetachedSession> StartAsync(VibedomBinary vibedom, string workspace, string name = "live")
    {
        var start = await vibedom.RunAsync("run", workspace, "--yes", "--detach", "--name", name, "--", "sleep", "600").ConfigureAwait(false);
        return start.ExitCode == 0
            ? new DetachedSession(vibedom, name)
            : throw new InvalidOperationException($"the detached session {name} did not start (exit {start.ExitCode}): {start.StandardError}");
    }

    public async ValueTask DisposeAsync() => await _vibedom.RunAsync("stop", Name, "--keep").ConfigureAwait(false);
}
