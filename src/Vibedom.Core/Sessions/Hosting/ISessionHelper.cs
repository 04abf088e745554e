namespace Vibedom.Core.Sessions.Hosting;

/// <summary>
/// A helper of a session: started before its sandbox, stopped once the sandbox ended, held by the session's host (the
/// egress proxy now; an SSH agent and a credential broker next). Stop is idempotent and reports its own failures.
/// </summary>
public interface ISessionHelper
{
    /// <summary>What the helper is, for session.log ("egress proxy").</summary>
    string Name { get; }

    /// <summary>Starts it; a failure stops the session's start (nothing runs without its helpers). Returns the session.log line saying so.</summary>
    Task<string> StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops it and releases what it holds.</summary>
    Task StopAsync();
}
