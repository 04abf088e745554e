using Vibedom.Core.Processes;
using Vibedom.Core.Processes.Native;
using Vibedom.Testing;
using Xunit;
using static Vibedom.Core.Tests.Processes.Pty.PtyTests;

namespace Vibedom.Core.Tests.Processes.Pty;

/// <summary>The child holds nothing of the user's terminal or of vibedom: no descriptor, no variable.</summary>
[Collection(Collection)]
public sealed class PtyProcessRunnerIsolationTests
{
    private const string Inject = """
        import fcntl, os, struct, sys, termios
        try:
            for c in b'echo pwned\n':
                fcntl.ioctl(0, termios.TIOCSTI, bytes([c]))
        except OSError:
            print('tiocsti-refused')  # dev.tty.legacy_tiocsti=0 without CAP_SYS_ADMIN
            sys.exit(0)
        queued = struct.unpack('i', fcntl.ioctl(0, termios.FIONREAD, b'\0\0\0\0'))[0]
        print('queued:%d tty:%s' % (queued, os.ttyname(0)))
        print('read:' + sys.stdin.readline().strip())
        """;

    [Fact(Timeout = TimeLimit)]
    public async Task Tiocsti_from_the_child_lands_in_its_own_pty_not_the_user_terminal()
    {
        Prerequisite.RequireCommand("python3");
        using var user = new FakeTerminal();

        var status = await user.RunAsync(ProcessSpec.Of("python3", "-c", Inject), TestContext.Current.CancellationToken);

        var screen = await user.SettledScreenAsync();
        Assert.Equal(0, status);
        Assert.False(user.HasPendingInput, "the injected keystrokes must not wait for the user's shell");
        if (screen.Contains("tiocsti-refused", StringComparison.Ordinal))
        {
            return; // this kernel refuses TIOCSTI altogether
        }

        Assert.Contains("queued:11 tty:/dev/pts/", screen, StringComparison.Ordinal); // synchronously in its own input queue
        Assert.DoesNotContain($"tty:{user.DevicePath}\r", screen, StringComparison.Ordinal);
        Assert.Contains("read:echo pwned", screen, StringComparison.Ordinal);
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Tiocsti_on_the_user_terminal_itself_would_reach_the_users_shell()
    {
        // the threat the pty removes, and proof that HasPendingInput sees an injection
        Prerequisite.RequireCommand("python3");
        Prerequisite.Require(Prerequisite.IsRoot, "TIOCSTI on a terminal that is not our controlling one needs CAP_SYS_ADMIN");
        using var user = new FakeTerminal();
        var script = $"import fcntl, os, termios\nfd = os.open('{user.DevicePath}', os.O_RDWR | os.O_NOCTTY)\n"
            + "for c in b'echo pwned\\n':\n    fcntl.ioctl(fd, termios.TIOCSTI, bytes([c]))\n";

        var result = await ProcessRunner.Default.RunAsync(ProcessSpec.Of("python3", "-c", script), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.StandardError);
        Assert.True(user.HasPendingInput);
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Child_inherits_no_descriptor_but_its_terminal()
    {
        using var temp = new TempDirectory();
        var leaky = LibC.Open(temp.Write("open-in-vibedom", "x"), LinuxConstants.ORdWr); // no O_CLOEXEC on purpose
        Assert.True(leaky > 2);
        try
        {
            using var user = new FakeTerminal();

            var status = await user.RunAsync(Sh($"test -e /proc/$$/fd/{leaky} && echo leaked; test -e /proc/$$/fd/2 && echo has-stderr"), TestContext.Current.CancellationToken);

            var screen = await user.SettledScreenAsync();
            Assert.Equal(0, status);
            Assert.DoesNotContain("leaked", screen, StringComparison.Ordinal);
            Assert.Contains("has-stderr", screen, StringComparison.Ordinal);
        }
        finally
        {
            LibC.Close(leaky);
        }
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Child_gets_only_the_variables_it_is_given()
    {
        using var user = new FakeTerminal();
        var spec = ProcessSpec.Of("/usr/bin/env") with
        {
            InheritBasicEnvironment = false,
            Environment = new Dictionary<string, string> { ["VIBEDOM_TEST"] = "1", ["TERM"] = "xterm-256color" },
        };

        var status = await user.RunAsync(spec, TestContext.Current.CancellationToken);

        Assert.Equal(0, status);
        Assert.Equal("TERM=xterm-256color\r\nVIBEDOM_TEST=1\r\n", await user.SettledScreenAsync());
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Child_starts_with_default_signal_handling()
    {
        // the .NET runtime ignores SIGPIPE, and an ignored signal would survive exec
        // (glibc's own signals 32 and 33 are left to the child's libc, which sets them up itself)
        using var user = new FakeTerminal();

        var status = await user.RunAsync(ProcessSpec.Of("grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"), TestContext.Current.CancellationToken);

        var masks = (await user.SettledScreenAsync())
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(line => line.Split(':')[0], line => Convert.ToUInt64(line.Split('\t')[1], 16));
        Assert.Equal(0, status);
        Assert.Equal(0UL, masks["SigBlk"]);
        Assert.Equal(0UL, masks["SigIgn"] & 0x7FFF_FFFF); // standard signals 1-31
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Child_starts_in_the_working_directory()
    {
        using var temp = new TempDirectory();
        using var user = new FakeTerminal();

        var status = await user.RunAsync(ProcessSpec.Of("/bin/pwd") with { WorkingDirectory = temp.Path }, TestContext.Current.CancellationToken);

        Assert.Equal(0, status);
        Assert.Equal(temp.Path + "\r\n", await user.SettledScreenAsync());
    }
}
