using Vibedom.Core.Processes.Native;
using static Vibedom.Core.Processes.Native.LinuxConstants;

namespace Vibedom.Core.Processes.Pty;

/// <summary>Waits for a spawned child on a dedicated thread and reports its status as a shell would.</summary>
internal static unsafe class PtyExitStatus
{
    public static Task<int> WaitAsync(int pid)
    {
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => completion.TrySetResult(Wait(pid))) { IsBackground = true, Name = $"vibedom wait {pid}" };
        thread.Start();
        return completion.Task;
    }

    /// <summary>The exit code, or 128 + the signal number when a signal killed it.</summary>
    public static int Decode(int status)
    {
        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    private static int Wait(int pid)
    {
        int status;
        while (LibC.WaitPid(pid, &status, 0) < 0)
        {
            if (LibC.Errno != EIntr)
            {
                // ECHILD: reaped by someone else (a SIGCHLD handler that reaps everything); status unknown
                return ExitCodes.Error;
            }
        }

        return Decode(status);
    }
}
