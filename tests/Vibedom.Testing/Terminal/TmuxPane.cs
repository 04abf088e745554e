using Vibedom.Core.Processes;
using System.Globalization;
using Xunit;

namespace Vibedom.Testing.Terminal;

/// <summary>
/// A command in a real terminal emulator (a tmux pane on a private server), for tests about what a person sees:
/// the screen (capture-pane), the terminal's modes (display-message flags) and keys typed when a prompt shows.
/// </summary>
public sealed class TmuxPane : IAsyncDisposable
{
    /// <summary>How long a wait polls by default: a bound for a slow machine, not a timing claim.</summary>
    private static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(90);

    private readonly string _socket = "vibedom-test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Runs <paramref name="commandLine"/> (bash syntax) with vibedom's test environment, then keeps the pane open.</summary>
    public static async Task<TmuxPane> StartAsync(VibedomBinary vibedom, string commandLine)
    {
        var pane = new TmuxPane();
        var script = Path.Combine(vibedom.Root, pane._socket + ".sh");
        var exports = vibedom.Environment().Where(v => v.Key != "TERM").Select(v => $"export {v.Key}='{v.Value}'");
        File.WriteAllLines(script, [.. exports, commandLine, "sleep 600"]);
        await pane.TmuxAsync("new-session", "-d", "-x", "160", "-y", "50", "bash " + script);
        return pane;
    }

    /// <summary>Polls the screen (and its scrollback) until it holds <paramref name="text"/>, at most <paramref name="bound"/> (90 s).</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan? bound = null)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(start) < (bound ?? DefaultBound))
        {
            var screen = await CaptureAsync();
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return screen;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"'{text}' never showed; the screen:\n{await CaptureAsync()}");
        return string.Empty;
    }

    public async Task<string> CaptureAsync() => (await TmuxAsync("capture-pane", "-p", "-J", "-S", "-200")).StandardOutput;

    /// <summary>The screen's lines up to the one holding <paramref name="text"/>, with colour escapes.</summary>
    public async Task<string> CaptureWithColoursAsync(string text)
    {
        var lines = (await TmuxAsync("capture-pane", "-p", "-e", "-J")).StandardOutput.Split('\n');
        return lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) ?? string.Empty;
    }

    public async Task<string> FlagsAsync() =>
        (await TmuxAsync("display-message", "-p", "alternate=#{alternate_on} cursor=#{cursor_flag} mouse=#{mouse_any_flag} keypad-cursor=#{keypad_cursor_flag}")).StandardOutput.Trim();

    public Task SendKeysAsync(string keys) => TmuxAsync("send-keys", "-l", keys);

    /// <summary>A key by its tmux name (<c>C-c</c>), not as literal text.</summary>
    public Task SendKeyAsync(string key) => TmuxAsync("send-keys", key);

    /// <summary>Resizes the terminal, as a person dragging the window does (the pane's program gets SIGWINCH).</summary>
    public Task ResizeAsync(int columns, int rows) =>
        TmuxAsync("resize-window", "-x", columns.ToString(CultureInfo.InvariantCulture), "-y", rows.ToString(CultureInfo.InvariantCulture));

    /// <summary>Polls the visible screen until <paramref name="holds"/> is true of it, at most <paramref name="bound"/> (90 s).</summary>
    public async Task<string> WaitUntilAsync(Func<string, bool> holds, string what, TimeSpan? bound = null)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(start) < (bound ?? DefaultBound))
        {
            var screen = (await TmuxAsync("capture-pane", "-p")).StandardOutput;
            if (holds(screen))
            {
                return screen;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"{what} never showed; the screen:\n{await CaptureAsync()}");
        return string.Empty;
    }

    public async ValueTask DisposeAsync() => await ProcessRunner.Default.RunAsync(ProcessSpec.Of("tmux", "-L", _socket, "kill-server"));

    private async Task<ProcessResult> TmuxAsync(params string[] args)
    {
        var result = await ProcessRunner.Default.RunAsync(new ProcessSpec("tmux", ["-L", _socket, .. args]) { Timeout = TimeSpan.FromSeconds(30) });
        Assert.True(result.ExitCode == 0, $"tmux {string.Join(' ', args)}: {result.StandardError}");
        return result;
    }
}
