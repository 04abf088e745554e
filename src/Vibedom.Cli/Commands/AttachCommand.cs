using System.CommandLine;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom attach SESSION</c>: an interactive shell inside a detached session.</summary>
internal sealed class AttachCommand : Command
{
    private readonly Argument<string?> _session = SessionArgument.CreateRunning();

    public AttachCommand(CliContext context)
        : base("attach", "Open an interactive shell inside a running (detached) session's sandbox.")
    {
        Add(_session);
        SetAction((parse, cancellationToken) =>
        {
            var session = context.Sessions.Resolve(parse.GetValue(_session), Environment.CurrentDirectory, running: true);
            var shell = Environment.GetEnvironmentVariable("SHELL") is { Length: > 0 } s ? s : "/bin/sh";
            return context.Sessions.ExecAsync(session, [shell], cancellationToken);
        });
    }
}
