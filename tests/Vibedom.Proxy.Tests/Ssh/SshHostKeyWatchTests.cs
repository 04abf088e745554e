using System.Buffers.Binary;
using Vibedom.Proxy.Ssh;
using Xunit;
using static Vibedom.Proxy.Tests.Ssh.SshStream;

namespace Vibedom.Proxy.Tests.Ssh;

/// <summary>The host-key watch over synthetic server (and client) streams: only the key exchange reply's key counts.</summary>
public sealed class SshHostKeyWatchTests
{
    private static readonly byte[] ClientSide = Join(Version("OpenSSH_9.6"), KexInit(Curve, GroupExchange, "ext-info-c", "kex-strict-c-v00@openssh.com"));

    private static SshHostKeyWatch Watch(byte[]? client = null)
    {
        var watch = new SshHostKeyWatch();
        watch.FeedClient(client ?? ClientSide);
        return watch;
    }

    [Fact]
    public void A_normal_exchange_yields_the_replys_host_key()
    {
        var watch = Watch();

        var state = watch.Feed(Join(Version(), KexInit(Curve, GroupExchange, "kex-strict-s-v00@openssh.com"), Reply(31, Key(7))));

        Assert.Equal(SshHostKeyWatch.State.HostKey, state);
        Assert.Equal(KeyBlob(7), watch.HostKey);
    }

    [Fact]
    public void A_stray_reply_carrying_the_listed_key_before_the_servers_kexinit_refuses_the_tunnel()
    {
        var watch = Watch();

        var state = watch.Feed(Join(Version(), Reply(31, Key(1)), KexInit(Curve), Reply(31, Key(9))));

        Assert.Equal(SshHostKeyWatch.State.Malformed, state);
        Assert.Null(watch.HostKey);
        Assert.Contains("before the server's KEXINIT", watch.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(30)]
    [InlineData(33)]
    [InlineData(49)]
    [InlineData(50)]
    [InlineData(94)]
    public void Any_message_but_ignore_debug_unimplemented_before_the_servers_kexinit_refuses_the_tunnel(byte message)
    {
        var state = Watch().Feed(Join(Version(), Packet([message], Key(1)), KexInit(Curve), Reply(31, Key(1))));

        Assert.Equal(SshHostKeyWatch.State.Malformed, state);
    }

    [Fact]
    public void Ignore_debug_and_unimplemented_before_the_kexinit_are_passed_over()
    {
        var watch = Watch();

        var state = watch.Feed(Join(Version(), Ignore(), Packet([4], [1], String("hi"), String("")), Packet([3], [0, 0, 0, 1]), KexInit(Curve), Ignore(), Reply(31, Key(5))));

        Assert.Equal(SshHostKeyWatch.State.HostKey, state);
        Assert.Equal(KeyBlob(5), watch.HostKey);
    }

    [Fact]
    public void In_a_group_exchange_the_key_comes_from_the_33_reply_after_the_group_not_from_a_31()
    {
        var client = Join(Version(), KexInit(GroupExchange, Curve));
        var watch = Watch(client);

        var state = watch.Feed(Join(Version(), KexInit(Curve, GroupExchange), Group(), Reply(33, Key(3))));

        Assert.Equal(SshHostKeyWatch.State.HostKey, state);
        Assert.Equal(KeyBlob(3), watch.HostKey);
    }

    [Fact]
    public void In_a_group_exchange_a_31_carrying_a_key_is_the_group_and_never_the_host_key()
    {
        var watch = Watch(Join(Version(), KexInit(GroupExchange)));

        var state = watch.Feed(Join(Version(), KexInit(GroupExchange, Curve), Reply(31, Key(1)), Reply(33, Key(9))));

        Assert.Equal(SshHostKeyWatch.State.HostKey, state);
        Assert.Equal(KeyBlob(9), watch.HostKey);
    }

    [Fact]
    public void In_a_curve25519_exchange_a_33_refuses_the_tunnel()
    {
        var state = Watch().Feed(Join(Version(), KexInit(Curve, GroupExchange), Reply(33, Key(1))));

        Assert.Equal(SshHostKeyWatch.State.Malformed, state);
    }

    [Fact]
    public void A_reply_before_the_clients_kexinit_was_seen_refuses_the_tunnel()
    {
        var watch = new SshHostKeyWatch();

        var state = watch.Feed(Join(Version(), KexInit(Curve), Reply(31, Key(1))));

        Assert.Equal(SshHostKeyWatch.State.Malformed, state);
    }

    [Fact]
    public void A_second_kexinit_or_newkeys_before_the_host_key_refuses_the_tunnel()
    {
        Assert.Equal(SshHostKeyWatch.State.Malformed, Watch().Feed(Join(Version(), KexInit(Curve), KexInit(Curve), Reply(31, Key(1)))));
        Assert.Equal(SshHostKeyWatch.State.Malformed, Watch().Feed(Join(Version(), KexInit(Curve), Packet([21]), Reply(31, Key(1)))));
    }

    [Fact]
    public void A_reply_whose_first_field_is_not_a_key_refuses_the_tunnel()
    {
        var state = Watch().Feed(Join(Version(), KexInit(Curve), Packet([31], String("not a key at all"))));

        Assert.Equal(SshHostKeyWatch.State.Malformed, state);
    }

    [Fact]
    public void Every_split_of_a_normal_stream_across_two_reads_yields_the_same_key()
    {
        var stream = Join(Version(), KexInit(Curve), Ignore(), Reply(31, Key(4)));
        for (var cut = 0; cut <= stream.Length; cut++)
        {
            var watch = new SshHostKeyWatch();
            watch.FeedClient(ClientSide.AsSpan(0, cut % ClientSide.Length));
            watch.FeedClient(ClientSide.AsSpan(cut % ClientSide.Length));
            var first = watch.Feed(stream.AsSpan(0, cut));
            var state = watch.Feed(stream.AsSpan(cut));

            Assert.True(cut == stream.Length ? first == SshHostKeyWatch.State.HostKey : first == SshHostKeyWatch.State.Reading, $"cut at {cut}: {first}");
            Assert.Equal(SshHostKeyWatch.State.HostKey, state);
            Assert.Equal(KeyBlob(4), watch.HostKey);
        }
    }

    [Fact]
    public void Byte_by_byte_the_attack_stream_is_still_refused()
    {
        var watch = Watch();
        var state = SshHostKeyWatch.State.Reading;
        foreach (var b in Join(Version(), Reply(31, Key(1)), KexInit(Curve), Reply(31, Key(9))))
        {
            state = watch.Feed([b]);
        }

        Assert.Equal(SshHostKeyWatch.State.Malformed, state);
        Assert.Null(watch.HostKey);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(4u)]
    [InlineData(256u * 1024 + 1)]
    [InlineData(uint.MaxValue)]
    public void Packet_lengths_out_of_bounds_refuse_the_tunnel(uint length)
    {
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header, length);

        Assert.Equal(SshHostKeyWatch.State.Malformed, Watch().Feed(Join(Version(), header)));
    }

    [Fact]
    public void A_stream_that_is_not_ssh_is_said_so()
    {
        Assert.Equal(SshHostKeyWatch.State.NotSsh, Watch().Feed("HTTP/1.1 200 OK\r\n"u8));
    }
}
