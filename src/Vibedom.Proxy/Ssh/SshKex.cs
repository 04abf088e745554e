using System.Buffers.Binary;
using System.Text;

namespace Vibedom.Proxy.Ssh;

/// <summary>The few fields of the clear key exchange the host-key watch reads (RFC 4253 §7, RFC 4419).</summary>
internal static class SshKex
{
    public const byte KexInit = 20;
    public const byte NewKeys = 21;

    /// <summary>The reply that carries the host key: 31 (ECDH, curve25519, fixed DH groups, hybrids) or 33 (group exchange).</summary>
    public static byte ReplyOf(string method) => method.StartsWith("diffie-hellman-group-exchange-", StringComparison.Ordinal) ? (byte)33 : (byte)31;

    /// <summary>The kex_algorithms name-list of a KEXINIT payload (after the type byte and the 16-byte cookie); null when unreadable.</summary>
    public static string[]? Methods(ReadOnlySpan<byte> kexInit) =>
        kexInit.Length >= 21 && StringField(kexInit[17..]) is { } names ? Encoding.ASCII.GetString(names).Split(',') : null;

    /// <summary>The method both sides run: the client's first that the server also offers (RFC 4253 §7.1).</summary>
    public static string? Negotiated(string[] client, string[] server) => client.FirstOrDefault(m => m.Length > 0 && server.Contains(m, StringComparer.Ordinal));

    /// <summary>The first string field when it is a key blob (its own first field a key type name); else null.</summary>
    public static byte[]? HostKeyOf(ReadOnlySpan<byte> fields)
    {
        if (StringField(fields) is not { } blob || blob.Length < 8 || StringField(blob) is not { Length: > 0 and <= 64 } typeName)
        {
            return null;
        }

        var type = Encoding.ASCII.GetString(typeName);
        return type.StartsWith("ssh-", StringComparison.Ordinal) || type.StartsWith("ecdsa-", StringComparison.Ordinal)
            || type.StartsWith("sk-", StringComparison.Ordinal) || type.StartsWith("rsa-", StringComparison.Ordinal)
            ? blob
            : null;
    }

    private static byte[]? StringField(ReadOnlySpan<byte> fields)
    {
        if (fields.Length < 4)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(fields);
        return length > fields.Length - 4 ? null : fields.Slice(4, (int)length).ToArray();
    }
}
