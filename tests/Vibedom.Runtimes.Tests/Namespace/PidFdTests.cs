using System.Globalization;
using Vibedom.Core.Processes;
using Vibedom.Runtimes.Namespace;
using Xunit;

namespace Vibedom.Runtimes.Tests.Namespace;

/// <summary>
/// Waiting for a supervisor to end: only "no such process" means it ended; a kernel, C library or seccomp filter
/// that refuses pidfds makes the wait watch /proc instead of ending at once (which would end a session host early).
/// </summary>
public sealed class PidFdTests
{
    private const int Esrch = 3;

    [Theory]
    [InlineData(38)] // ENOSYS: a kernel before 5.3, or a C library without the wrapper
    [InlineData(1)] // EPERM: a seccomp filter refusing the call
    [InlineData(24)] // EMFILE: out of descriptors for a moment
    public async Task A_wait_without_a_pidfd_lasts_until_the_process_really_ends(int errno)
    {
        var sleep = await StartSleepAsync();
        var ticks = ProcFs.StartTicks(sleep);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(60));

        var wait = PidFd.WaitForExitAsync(sleep, ticks, _ => (-1, errno), cancel.Token);
        await Task.Delay(PidFd.PollInterval * 3, TestContext.Current.CancellationToken);
        Assert.False(wait.IsCompleted, "the wait ended while the process was still running");

        await KillAsync(sleep);
        await wait;
        Assert.False(ProcFs.IsAlive(sleep, ticks));
    }

    [Fact]
    public async Task No_such_process_ends_the_wait_at_once()
    {
        var sleep = await StartSleepAsync();

        await PidFd.WaitForExitAsync(sleep, ProcFs.StartTicks(sleep), _ => (-1, Esrch), TestContext.Current.CancellationToken);

        await KillAsync(sleep);
    }

    [Fact]
    public async Task The_real_pidfd_wait_ends_when_the_process_is_killed()
    {
        var sleep = await StartSleepAsync();
        var ticks = ProcFs.StartTicks(sleep);

        var wait = PidFd.WaitForExitAsync(sleep, ticks, TestContext.Current.CancellationToken);
        Assert.False(wait.IsCompleted);
        await KillAsync(sleep);
        await wait;
    }

    [Fact]
    public void This_machine_gives_pidfds_so_doctor_passes_the_check()
    {
        Assert.Null(PidFd.Unavailable());
    }

    private static async Task KillAsync(int pid) =>
        await ProcessRunner.Default.RunAsync(ProcessSpec.Of("kill", "-KILL", pid.ToString(CultureInfo.InvariantCulture)), CancellationToken.None);

    private static async Task<int> StartSleepAsync()
    {
        var started = await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("/bin/sh", "-c", "sleep 30 </dev/null >/dev/null 2>&1 & echo $!"), TestContext.Current.CancellationToken);
        var pid = int.Parse(started.StandardOutput.Trim(), CultureInfo.InvariantCulture);
        Assert.True(ProcFs.IsAlive(pid));
        return pid;
    }
}
