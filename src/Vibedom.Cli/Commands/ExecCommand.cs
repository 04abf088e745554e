using System.CommandLine;
using Vibedom.Core.Errors;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom exec SESSION -- COMMAND</c>: another command in a detached session, as contained as the first.</summary>
internal sealed class ExecCommand : Command
{
    private readonly Argument<string> _session = new("SESSION") { Description = "Session id, unique id prefix or name (a name several sessions share: the newest running one of them)." };
    private readonly Argument<string[]> _command = new("COMMAND") { Description = "The command and its arguments: everything after -- (or from the first word after SESSION; options go before it).", Arity = ArgumentArity.OneOrMore };

    public ExecCommand(CliContext context)
        : base("exec", "Run another command inside a running (detached) session's sandbox.")
    {
        Add(_session);
        Add(_command);
        SetAction((parse, cancellationToken) =>
        {
            var session = context.Sessions.Resolve(parse.GetValue(_session), Environment.CurrentDirectory, running: true);
            var command = parse.GetValue(_command) ?? throw VibedomException.Usage("no command given; usage: vibedom exec SESSION -- COMMAND");
            return context.Sessions.ExecAsync(session, command, cancellationToken);
        });
    }
}
