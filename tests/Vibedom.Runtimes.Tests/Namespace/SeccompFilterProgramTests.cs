using Vibedom.Core.Processes;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Runtimes.Tests.Namespace;

/// <summary>
/// The sandbox's seccomp program (built in <c>vibedom-init.c</c> from its allow and EPERM lists, the allow list as a
/// binary search over ranges) answers every syscall number as the lists say: the helper compiled in its self-test
/// mode runs the program as the kernel would, for every number below 1100 and the calls whose arguments it reads.
/// A wrong jump offset would send a number to the wrong answer or off the end of the program; the integration tests
/// only see the calls their tools make.
/// </summary>
public sealed class SeccompFilterProgramTests
{
    [Fact]
    public async Task The_filter_answers_every_syscall_number_and_argument_case_as_its_lists_say()
    {
        Prerequisite.RequireCommand("gcc");
        Prerequisite.Require(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64, "the cases below are x86_64's");
        var source = Path.Combine(RepositoryRoot.Path, "src", "Vibedom.Runtimes", "Namespace", "Helper", "vibedom-init.c");
        using var dir = new TempDirectory();
        var program = Path.Combine(dir.Path, "selftest");
        var cancel = TestContext.Current.CancellationToken;
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("gcc", "-O1", "-DVIBEDOM_SECCOMP_SELFTEST", "-o", program, source), cancel);

        var result = await ProcessRunner.Default.RunAsync(ProcessSpec.Of(program), cancel);

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(result.ExitCode == 0, result.StandardOutput);
        Assert.Contains("numbers wrong 0", lines);
        Assert.Contains("i386 kill", lines);
        Assert.Contains("x32 errno 1", lines);
        Assert.Contains("socket 1 0 allow, pair allow", lines);         // AF_UNIX
        Assert.Contains("socket 10 0 allow, pair allow", lines);        // AF_INET6
        Assert.Contains("socket 16 0 allow, pair errno 97", lines);     // netlink route
        Assert.Contains("socket 16 4 allow, pair errno 97", lines);     // netlink socket diagnostics
        Assert.Contains("socket 16 12 errno 93, pair errno 97", lines); // netlink netfilter: EPROTONOSUPPORT
        Assert.Contains("socket 17 0 errno 97, pair errno 97", lines);  // AF_PACKET: EAFNOSUPPORT
        Assert.Contains("socket 38 0 errno 97, pair errno 97", lines);  // AF_ALG
        Assert.Contains("socket 40 0 errno 97, pair errno 97", lines);  // AF_VSOCK
        Assert.Contains("ioctl 0x5412 errno 1", lines);                 // TIOCSTI
        Assert.Contains("ioctl 0x541c errno 1", lines);                 // TIOCLINUX
        Assert.Contains("ioctl 0x5401 allow", lines);                   // TCGETS
        Assert.Contains("personality 0 allow", lines);
        Assert.Contains("personality 0xffffffff allow", lines);         // the query
        Assert.Contains("personality 0x40000 errno 1", lines);          // ADDR_NO_RANDOMIZE
    }
}
