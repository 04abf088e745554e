namespace Vibedom.Core.Ssh;

/// <summary>
/// The session's ssh-agent, started when the relay gets its first connection rather than with the session: a run
/// whose agent never uses git over SSH never pays for ssh-agent, ssh-add and their processes (see
/// docs/ARCHITECTURE.md "Start-up"). Started once; a start that failed is reported once to session.log and every
/// connection then closes unserved (git over SSH fails inside, nothing else changes).
/// </summary>
internal sealed class AgentOnDemand(string directory, string deployKey, Action<string> failed) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Task<AgentProcess?>? _starting;
    private bool _disposed;

    /// <summary>True once a connection asked for the agent (whether or not it started).</summary>
    public bool Started => _starting is not null;

    /// <summary>The agent's socket, starting the agent at the first call; null when it could not start or the session is stopping.</summary>
    public async Task<string?> SocketAsync(CancellationToken cancellationToken)
    {
        Task<AgentProcess?> starting;
        lock (_gate)
        {
            if (_disposed)
            {
                return null;
            }

            // not the caller's token: one connection going away must not fail the start for the others
            starting = _starting ??= Task.Run(StartAsync, CancellationToken.None);
        }

        return (await starting.WaitAsync(cancellationToken).ConfigureAwait(false))?.SocketPath;
    }

    private async Task<AgentProcess?> StartAsync()
    {
        try
        {
            return await AgentProcess.StartAsync(directory, deployKey, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failed($"the session's ssh-agent did not start, so git over SSH fails inside: {e.Message}");
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task<AgentProcess?>? starting;
        lock (_gate)
        {
            _disposed = true;
            starting = _starting;
        }

        if (starting is not null && await starting.ConfigureAwait(false) is { } agent)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }
    }
}
