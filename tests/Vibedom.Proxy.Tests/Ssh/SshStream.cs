using System.Buffers.Binary;
using System.Text;

namespace Vibedom.Proxy.Tests.Ssh;

/// <summary>Builds the clear part of an SSH stream, byte for byte as RFC 4253 frames it.</summary>
internal static class SshStream
{
    public const string Curve = "curve25519-sha256";
    public const string GroupExchange = "diffie-hellman-group-exchange-sha256";

    public static byte[] Version(string software = "OpenSSH_9.6") => Encoding.ASCII.GetBytes($"SSH-2.0-{software}\r\n");

    public static byte[] Packet(params byte[][] fields)
    {
        var payload = fields.SelectMany(f => f).ToArray();
        var padding = 8 - ((payload.Length + 5) % 8);
        padding = padding < 4 ? padding + 8 : padding;
        var packet = new byte[4 + 1 + payload.Length + padding];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(1 + payload.Length + padding));
        packet[4] = (byte)padding;
        payload.CopyTo(packet, 5);
        return packet;
    }

    public static byte[] String(byte[] value)
    {
        var field = new byte[4 + value.Length];
        BinaryPrimitives.WriteUInt32BigEndian(field, (uint)value.Length);
        value.CopyTo(field, 4);
        return field;
    }

    public static byte[] String(string value) => String(Encoding.ASCII.GetBytes(value));

    public static byte[] KexInit(params string[] kex)
    {
        var lists = new[] { string.Join(',', kex), "ssh-ed25519", "aes128-ctr", "aes128-ctr", "hmac-sha2-256", "hmac-sha2-256", "none", "none", "", "" };
        return Packet([[20], new byte[16], .. lists.Select(String), [0], [0, 0, 0, 0]]);
    }

    public static byte[] Key(byte fill) => String([.. String("ssh-ed25519"), .. String(Enumerable.Repeat(fill, 32).ToArray())]);

    public static byte[] KeyBlob(byte fill) => Key(fill)[4..];

    /// <summary>The ECDH/curve25519/DH-group reply (31), or the group-exchange reply (33).</summary>
    public static byte[] Reply(byte message, byte[] key) => Packet([message], key, String(new byte[32]), String(new byte[64]));

    /// <summary>The group-exchange group (31): p and g, two mpints.</summary>
    public static byte[] Group() => Packet([31], String([0x00, .. Enumerable.Repeat((byte)0xff, 256)]), String([2]));

    public static byte[] Ignore() => Packet([2], String("padding"));

    public static byte[] Join(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
