using System.CommandLine;
using Vibedom.Core.Sessions.Hosting;

namespace Vibedom.Cli.Commands;

/// <summary>
/// Hidden: <c>vibedom __session-host SESSION</c> is a detached session's host process (Core's <see cref="SessionHost"/>):
/// it reads the secret values from its standard input (a pipe from <c>vibedom run</c>), holds the session's helpers
/// and ends when the runtime reports the sandbox ended.
/// </summary>
internal sealed class SessionHostCommand : Command
{
    private readonly Argument<string> _session = new("SESSION");

    public SessionHostCommand(CliContext context)
        : base(SessionHostProcess.Verb, "Internal: host the helpers (egress proxy) of a detached session.")
    {
        Hidden = true;
        Add(_session);
        SetAction((parse, cancellationToken) =>
            new SessionHost(context.Home, context.Time, context.Sessions).RunAsync(parse.GetRequiredValue(_session), context.Input, cancellationToken));
    }
}
