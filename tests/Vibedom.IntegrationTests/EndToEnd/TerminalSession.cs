using System.Text;
using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// The real binary at a real terminal (util-linux <c>script</c>), driven as a person would: wait until
/// a text is on the screen, then type. Keys reach <c>script</c>'s stdin through a FIFO that stays open
/// until the program ends (no end-of-file ever answers a prompt), and the terminal's line discipline
/// turns a typed Ctrl-C into SIGINT for vibedom, exactly as at a keyboard.
/// </summary>
internal sealed class TerminalSession : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _screenFile;
    private readonly Task<ProcessResult> _run;
    private FileStream? _keys;

    private TerminalSession(string screenFile, Task<ProcessResult> run)
    {
        _screenFile = screenFile;
        _run = run;
    }

    public string Screen => File.Exists(_screenFile) ? File.ReadAllText(_screenFile) : string.Empty;

    public static async Task<TerminalSession> StartAsync(VibedomBinary vibedom, string commandLine, string? workingDirectory = null)
    {
        Prerequisite.RequireCommand("script");
        Prerequisite.RequireCommand("mkfifo");
        var name = Guid.NewGuid().ToString("N")[..8];
        var fifo = Path.Combine(vibedom.Root, $"keys-{name}");
        var screen = Path.Combine(vibedom.Root, $"screen-{name}.log");
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("mkfifo", fifo));
        var run = ProcessRunner.Default.RunAsync(new ProcessSpec("sh", ["-c", "exec script -qefc \"$0\" \"$1\" < \"$2\"", commandLine, screen, fifo])
        {
            Environment = vibedom.Environment(),
            WorkingDirectory = workingDirectory ?? vibedom.Root,
            Timeout = TimeSpan.FromSeconds(120),
        });
        var session = new TerminalSession(screen, run);
        session._keys = await Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write)).WaitAsync(Patience);
        return session;
    }

    /// <summary>Completes when <paramref name="text"/> is on the screen; fails (showing the screen) when the program ended first or after a minute.</summary>
    public async Task WaitForAsync(string text)
    {
        for (var waited = TimeSpan.Zero; waited < Patience; waited += TimeSpan.FromMilliseconds(50))
        {
            if (Screen.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            Assert.False(_run.IsCompleted, $"the program ended before '{text}' appeared:\n{Screen}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"'{text}' never appeared:\n{Screen}");
    }

    public void Type(string keys)
    {
        _keys!.Write(Encoding.UTF8.GetBytes(keys));
        _keys.Flush();
    }

    /// <summary>Waits for the program to end; the screen (stdout and stderr as the terminal showed them) and the exit code.</summary>
    public async Task<(int ExitCode, string Screen)> EndAsync()
    {
        var result = await _run;
        return (result.ExitCode, Screen);
    }

    public async ValueTask DisposeAsync()
    {
        if (_keys is not null)
        {
            await _keys.DisposeAsync();
        }

        await _run;
    }
}
