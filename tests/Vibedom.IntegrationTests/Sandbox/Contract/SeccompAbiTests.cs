using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox.Contract;

/// <summary>
/// The seccomp filter cannot be walked around through another syscall ABI of the same process:
/// x32 numbers (bit 30 set) are refused before the allow list is consulted. (i386 through
/// <c>int 0x80</c> is killed by the filter's arch check; kernels without the i386 entry, such as
/// this test machine's, kill it with SIGSEGV anyway, so no test here could tell the two apart.)
/// </summary>
public sealed class SeccompAbiTests
{
    [Theory]
    [MemberData(nameof(ContractRuntimes.All), MemberType = typeof(ContractRuntimes))]
    public async Task X32_syscall_numbers_are_refused(string runtime, SandboxUser user)
    {
        Prerequisite.Require(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64, "x32 is an x86_64 ABI");
        Prerequisite.RequireCommand("python3");
        using var h = new SandboxHarness(runtime, user);
        // keyctl (250) and getpid (39) with the x32 bit: EPERM from the filter (without it: ENOSYS, or a working call)
        const string probe = "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
            + "for name, nr in [('x32-keyctl', 0x40000000 | 250), ('x32-getpid', 0x40000000 | 39)]:\n"
            + "    r = libc.syscall(nr, 0, 0, 0); print(name, r, ctypes.get_errno())\n";

        var result = await h.RunAsync(["/usr/bin/python3", "-c", probe]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("x32-keyctl -1 1\nx32-getpid -1 1\n", result.StandardOutput);
    }
}
