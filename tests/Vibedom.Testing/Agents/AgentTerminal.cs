using Vibedom.Testing.Terminal;
using Xunit;

namespace Vibedom.Testing.Agents;

/// <summary>
/// An agent's real TUI at a real terminal (a 160x50 tmux pane) inside <c>vibedom run WS --yes -- COMMAND</c>, with the CLI's
/// prefix on PATH and only the given variables (its API key) added, driven by keys as a person would. The checks every TUI
/// shares live here: a draft follows a resize, Ctrl-C reaches the agent (it clears the draft and the session goes on),
/// the agent's own quit command, and vibedom's review on a reset terminal.
/// </summary>
public sealed class AgentTerminal : IAsyncDisposable
{
    /// <summary>A draft of 97 characters: one line in a 160-column terminal's input box, wrapped at 90 columns; its head and its tail.</summary>
    private const string DraftHead = "this draft is typed to see the width follow the terminal,";

    private const string DraftTail = "it wraps at ninety columns end-of-draft";

    private AgentTerminal(TmuxPane pane) => Pane = pane;

    public TmuxPane Pane { get; }

    public static async Task<AgentTerminal> StartAsync(VibedomBinary vibedom, string prefix, string workspace, IReadOnlyDictionary<string, string> variables, params string[] command)
    {
        ArgumentNullException.ThrowIfNull(vibedom);
        var exports = string.Join(' ', variables.Select(v => $"{v.Key}='{v.Value}'"));
        var line = $"cd '{workspace}'; export PATH='{prefix}/bin':\"$PATH\" {exports}; "
            + $"{VibedomBinary.Executable} run {workspace} --yes -- {string.Join(' ', command)}; echo VIBEDOM-DONE";
        return new AgentTerminal(await TmuxPane.StartAsync(vibedom, line));
    }

    /// <summary>
    /// A resize reaches the agent through the sandbox (SIGWINCH): a draft on one line at 160 columns is wrapped by the agent
    /// at 90; then Ctrl-C, which the agent takes (its input is cleared and it goes on), not vibedom (no review starts).
    /// <paramref name="ready"/> is text the agent shows while it waits for input.
    /// </summary>
    public async Task ResizeRedrawsAndCtrlCReachesTheAgentAsync(string ready)
    {
        await Pane.SendKeysAsync($"{DraftHead} {DraftTail}");
        await Pane.WaitUntilAsync(screen => Lines(screen).Any(l => l.Contains(DraftHead, StringComparison.Ordinal) && l.Contains(DraftTail, StringComparison.Ordinal)), "the draft on one line of the 160-column terminal");
        await Pane.ResizeAsync(90, 40);
        await Pane.WaitUntilAsync(
            screen => Lines(screen).All(l => l.TrimEnd().Length <= 90)
                && Lines(screen).Any(l => l.Contains(DraftHead, StringComparison.Ordinal) && !l.Contains(DraftTail, StringComparison.Ordinal))
                && Lines(screen).Any(l => l.Contains("end-of-draft", StringComparison.Ordinal) && !l.Contains(DraftHead, StringComparison.Ordinal)),
            "the draft wrapped by the agent at 90 columns");

        await Pane.SendKeyAsync("C-c");
        var after = await Pane.WaitUntilAsync(screen => !screen.Contains("end-of-draft", StringComparison.Ordinal) && screen.Contains(ready, StringComparison.Ordinal), "the draft cleared by the agent, still waiting for input");
        Assert.DoesNotContain("[k]eep", after, StringComparison.Ordinal);
    }

    /// <summary>Types <paramref name="command"/> (the agent's quit), lets its command menu settle, then Enter.</summary>
    public async Task QuitAsync(string command)
    {
        await Pane.SendKeysAsync(command);
        await Task.Delay(500, TestContext.Current.CancellationToken); // a TUI's command menu opens on '/': let it settle before Enter
        await Pane.SendKeysAsync("\r");
    }

    /// <summary>vibedom's review after the agent: on a reset terminal (alternate screen off, cursor shown, no mouse or keypad modes); its screen.</summary>
    public async Task<string> ReviewOnAResetTerminalAsync()
    {
        var review = await Pane.WaitForAsync("[k]eep");
        Assert.Equal("alternate=0 cursor=1 mouse=0 keypad-cursor=0", await Pane.FlagsAsync());
        return review;
    }

    /// <summary>Keeps the changes for later (<c>k</c>) and waits for vibedom to end.</summary>
    public async Task KeepAsync()
    {
        await Pane.SendKeysAsync("k");
        await Pane.WaitForAsync("VIBEDOM-DONE");
    }

    public ValueTask DisposeAsync() => Pane.DisposeAsync();

    private static string[] Lines(string screen) => screen.Split('\n');
}
