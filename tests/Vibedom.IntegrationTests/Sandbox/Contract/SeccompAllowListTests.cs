using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox.Contract;

/// <summary>
/// The seccomp filter is an allow list: a syscall it does not name fails with ENOSYS (as on a kernel without it),
/// the ones exploits love with EPERM, and socket() reaches only the Unix, IPv4, IPv6 and netlink route and
/// socket-diagnostics code of the kernel. What agents and their tools use keeps working: the whole suite runs git,
/// node, python, go, curl, ssh and the agent CLIs under it.
/// </summary>
public sealed class SeccompAllowListTests
{
    [Theory]
    [MemberData(nameof(ContractRuntimes.All), MemberType = typeof(ContractRuntimes))]
    public async Task Syscalls_and_socket_families_outside_the_allow_list_are_refused(string runtime, SandboxUser user)
    {
        Prerequisite.Require(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64, "syscall numbers below are x86_64");
        Prerequisite.RequireCommand("python3");
        using var h = new SandboxHarness(runtime, user);
        // each call prints "name ok" or "name errno"; with the old deny list the first six succeeded (AF_PACKET: EPERM,
        // no CAP_NET_RAW), now AF_ALG and AF_PACKET are EAFNOSUPPORT (97), netlink's netfilter protocol
        // EPROTONOSUPPORT (93), kcmp EPERM (1), sysfs ENOSYS (38), a personality flag beyond the plain ones EPERM
        const string probe = "import ctypes, os, socket\nlibc = ctypes.CDLL(None, use_errno=True)\n"
            + "def call(name, nr, *args):\n"
            + "    ctypes.set_errno(0); r = libc.syscall(nr, *args)\n"
            + "    print(name, 'ok' if r >= 0 else ctypes.get_errno())\n"
            + "call('af_alg', 41, 38, 5, 0)\n"
            + "call('af_packet', 41, 17, 3, 0)\n"
            + "call('netlink_netfilter', 41, 16, 3, 12)\n"
            + "call('kcmp', 312, os.getpid(), os.getpid(), 0, 0, 0)\n"
            + "call('sysfs', 139, 3, 0, 0)\n"
            + "call('personality_no_aslr', 135, 0x0040000)\n"
            + "call('netlink_route', 41, 16, 3, 0)\n"
            + "call('inet6', 41, 10, 1, 0)\n"
            + "call('unix_pair', 53, 1, 1, 0, ctypes.byref((ctypes.c_int * 2)()))\n"
            + "call('personality_query', 135, 0xffffffff)\n"
            + "print('interfaces', ' '.join(name for _, name in socket.if_nameindex()))\n";

        var result = await h.RunAsync(["/usr/bin/python3", "-c", probe]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(
            "af_alg 97\naf_packet 97\nnetlink_netfilter 93\nkcmp 1\nsysfs 38\npersonality_no_aslr 1\n"
            + "netlink_route ok\ninet6 ok\nunix_pair ok\npersonality_query ok\ninterfaces lo\n",
            result.StandardOutput);
    }
}
