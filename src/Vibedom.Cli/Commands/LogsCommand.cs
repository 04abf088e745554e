using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Vibedom.Cli.Rendering;
using Vibedom.Core.Sessions;
using Vibedom.Proxy.Logging;

namespace Vibedom.Cli.Commands;

/// <summary><c>vibedom logs [SESSION] [--network] [--follow] [--json]</c>: the session timeline or its network log.</summary>
internal sealed class LogsCommand : Command
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly Argument<string?> _session = new("SESSION") { Description = "Session id, unique id prefix or name (default: newest of this workspace).", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<bool> _network = new("--network") { Description = "Show network.jsonl (every request through the proxy) instead of session.log." };
    private readonly Option<bool> _follow = new("--follow", "-f") { Description = "Keep printing new lines as they are written (Ctrl-C to stop)." };
    private readonly Option<bool> _json = new("--json") { Description = "One JSON object per line." };

    public LogsCommand(CliContext context)
        : base("logs", "Show a session's timeline (session.log) or, with --network, every request it made.")
    {
        Add(_session);
        Add(_network);
        Add(_follow);
        Add(_json);
        SetAction(async (parse, cancellationToken) =>
        {
            var session = context.Sessions.Resolve(parse.GetValue(_session), Environment.CurrentDirectory);
            var network = parse.GetValue(_network);
            var json = parse.GetValue(_json);
            var path = network ? session.Paths.NetworkLog : session.Paths.SessionLog;
            var follow = parse.GetValue(_follow);
            if (network && !json && !follow)
            {
                // the whole log at once: a table with a summary line
                NetworkLogTable.Write(context.Console, File.Exists(path) ? File.ReadLines(path) : []);
                return 0;
            }

            var printer = new LogPrinter(context, network, json);
            var offset = printer.PrintFrom(path, 0);
            if (!follow)
            {
                if (!network && !json && File.Exists(session.Paths.NetworkLog))
                {
                    // the timeline ends with the network's summary: requests, denied, scrubbed by rule
                    var entries = NetworkLogTable.Parse(File.ReadLines(session.Paths.NetworkLog), out _);
                    context.Console.Profile.Out.Writer.WriteLine(TerminalText.Escape("network: " + NetworkLogTable.Summary(entries)));
                }

                return 0;
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(PollInterval, context.Time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                offset = printer.PrintFrom(path, offset);
                session.Reload();
                if (session.Record.State is not (SessionState.Running or SessionState.Created))
                {
                    printer.PrintFrom(path, offset);
                    break;
                }
            }

            return 0;
        });
    }

    /// <summary>Prints whole new lines of a growing file, as text, a table, or JSON.</summary>
    private sealed class LogPrinter(CliContext context, bool network, bool json)
    {
        public long PrintFrom(string path, long offset)
        {
            if (!File.Exists(path))
            {
                return offset;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length <= offset)
            {
                return offset;
            }

            stream.Seek(offset, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            var complete = text.LastIndexOf('\n');
            if (complete < 0)
            {
                return offset;
            }

            var lines = text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in lines)
            {
                Print(line);
            }

            return offset + System.Text.Encoding.UTF8.GetByteCount(text[..(complete + 1)]);
        }

        private void Print(string line)
        {
            var writer = context.Console.Profile.Out.Writer;
            if (network)
            {
                if (json)
                {
                    writer.WriteLine(TerminalText.EscapeJson(line));
                }
                else if (NetworkLogEntry.TryParse(line) is { Phase: null or NetworkLogEntry.PhaseMessages } request)
                {
                    context.Console.Write(NetworkLogTable.FollowLine(request));
                    context.Console.WriteLine();
                }

                return;
            }

            if (!json)
            {
                writer.WriteLine(TerminalText.Escape(line));
                return;
            }

            var entry = SessionLogLine.Parse(line);
            writer.WriteLine(TerminalText.EscapeJson(JsonSerializer.Serialize(entry, LogJsonContext.Default.SessionLogLine)));
        }
    }
}
