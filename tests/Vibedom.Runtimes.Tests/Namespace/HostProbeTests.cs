using Vibedom.Runtimes.Namespace;
using Xunit;

namespace Vibedom.Runtimes.Tests.Namespace;

public sealed class HostProbeTests
{
    public sealed class EtcMountsIn
    {
        [Fact]
        public void EtcMountsIn_mountinfo_gives_the_top_most_mount_points_under_etc_once_and_unescaped()
        {
            // Given a container's mount table: files bound over /etc names (one twice), a folder with a space and a mount in it,
            // /etc itself and a name that only starts like /etc
            var mountinfo = string.Join('\n',
                "22 1 0:30 / / rw,relatime shared:1 - overlay overlay rw,lowerdir=/l",
                "30 22 8:1 /var/lib/docker/containers/c1/hosts /etc/hosts rw,relatime - ext4 /dev/sda1 rw",
                "31 22 8:1 /var/lib/docker/containers/c1/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/sda1 rw",
                "32 22 0:40 / /etc/my\\040dir rw - tmpfs tmpfs rw",
                "33 32 0:41 / /etc/my\\040dir/inner rw - tmpfs tmpfs rw",
                "34 22 0:42 / /etc rw - tmpfs tmpfs rw",
                "35 22 0:43 / /etcetera rw - tmpfs tmpfs rw",
                "36 30 8:1 /var/lib/docker/containers/c1/hosts2 /etc/hosts rw,relatime - ext4 /dev/sda1 rw",
                string.Empty);

            // When reading the mounts under /etc
            var mounts = HostProbe.EtcMountsIn(mountinfo);

            // Then each top-most one once (a nested one comes along with its parent), in order
            Assert.Equal(["/etc/hosts", "/etc/my dir", "/etc/resolv.conf"], mounts);
        }

        [Fact]
        public void EtcMountsIn_empty_mountinfo_gives_none() => Assert.Empty(HostProbe.EtcMountsIn(string.Empty));
    }
}
