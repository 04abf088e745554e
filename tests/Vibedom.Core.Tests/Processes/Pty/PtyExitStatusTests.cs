using Vibedom.Core.Processes.Pty;
using Xunit;

namespace Vibedom.Core.Tests.Processes.Pty;

public sealed class PtyExitStatusTests
{
    public sealed class Decode
    {
        [Theory]
        [InlineData(0x0000, 0)]
        [InlineData(0x0300, 3)]
        [InlineData(0x7F00, 127)]
        [InlineData(0xFF00, 255)]
        public void Decode_normal_exit_returns_the_exit_code(int status, int expected) =>
            Assert.Equal(expected, PtyExitStatus.Decode(status));

        [Theory]
        [InlineData(2, 130)]
        [InlineData(9, 137)]
        [InlineData(15, 143)]
        [InlineData(0x80 | 11, 139)] // SIGSEGV with a core dump
        public void Decode_killed_by_signal_returns_128_plus_the_signal(int status, int expected) =>
            Assert.Equal(expected, PtyExitStatus.Decode(status));
    }
}
