using Vibedom.Core.Errors;
using Vibedom.Core.Processes;
using Vibedom.Core.Processes.Pty;
using Vibedom.Core.Processes.Native;
using Vibedom.Testing;
using Xunit;
using static Vibedom.Core.Tests.Processes.Pty.PtyTests;

namespace Vibedom.Core.Tests.Processes.Pty;

/// <summary>Raw mode comes and goes with the run; signals to vibedom go to the child; cancellation kills it.</summary>
[Collection(Collection)]
public sealed class PtyProcessRunnerSignalTests
{
    [Fact(Timeout = TimeLimit)]
    public async Task User_terminal_is_raw_during_the_run_and_restored_after()
    {
        using var user = new FakeTerminal();
        Assert.True(user.InitialSettings.Echo);

        var run = user.RunAsync(Sh("echo ready; read line"), TestContext.Current.CancellationToken);
        await user.WaitForAsync("ready");
        var during = user.CurrentSettings;
        user.Type("\r");

        Assert.Equal(0, await run);
        Assert.False(during.Echo);
        Assert.True(user.CurrentSettings.SameAs(user.InitialSettings));
    }

    [Fact(Timeout = TimeLimit)]
    public async Task User_terminal_is_restored_when_the_program_cannot_run()
    {
        using var temp = new TempDirectory();
        var notExecutable = temp.Write("agent", "#!/bin/sh\necho hi\n");
        using var user = new FakeTerminal();

        var error = await Assert.ThrowsAsync<VibedomException>(() => user.RunAsync(ProcessSpec.Of(notExecutable), TestContext.Current.CancellationToken));

        Assert.Equal(126, error.ExitCode);
        Assert.True(user.CurrentSettings.SameAs(user.InitialSettings));
    }

    [Theory(Timeout = TimeLimit)]
    [InlineData(LinuxConstants.SigTerm)]
    [InlineData(LinuxConstants.SigHup)]
    public async Task Signal_to_vibedom_is_forwarded_to_the_child_and_vibedom_survives(int signal)
    {
        using var user = new FakeTerminal();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var run = user.RunAsync(Sh("trap 'echo got-signal; exit 42' TERM HUP; echo ready; while :; do sleep 0.05; done"), cancel.Token);
        await user.WaitForAsync("ready");
        LibC.Kill(LibC.GetPid(), signal);

        if (IgnoredSinceStart(signal))
        {
            // started under nohup (SIGHUP ignored, inherited across exec): .NET keeps an ignored signal ignored, so
            // vibedom neither dies of it nor passes it on; the child runs on until the run is cancelled
            await Task.Delay(1000, TestContext.Current.CancellationToken);
            Assert.False(run.IsCompleted);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            Assert.DoesNotContain("got-signal", user.Screen, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(42, await run);
            Assert.Contains("got-signal", await user.SettledScreenAsync(), StringComparison.Ordinal);
        }

        Assert.True(user.CurrentSettings.SameAs(user.InitialSettings));
    }

    /// <summary>Whether this process ignores <paramref name="signal"/> (the SigIgn mask of /proc/self/status), as a process run by nohup ignores SIGHUP.</summary>
    private static bool IgnoredSinceStart(int signal)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var mask = ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        return (mask & (1UL << (signal - 1))) != 0;
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Cancellation_kills_the_childs_process_group_and_restores_the_terminal()
    {
        using var user = new FakeTerminal();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var runner = new PtyProcessRunner(user.Terminal);

        var run = runner.RunAttachedAsync(Sh("sleep 300 & echo \"background:$!:\"; wait"), cancel.Token);
        await user.WaitForAsync(":\r\n");
        var background = int.Parse(user.Screen.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(user.CurrentSettings.SameAs(user.InitialSettings));
        Assert.True(await IsGoneAsync(background), $"background process {background} survived");
    }

    /// <summary>True once the process has exited (or is a zombie waiting for a reaper), within 5 s.</summary>
    private static async Task<bool> IsGoneAsync(int pid)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat) || File.ReadAllText(stat).Split(')')[1].Trim().StartsWith('Z'))
            {
                return true;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return false;
    }
}
