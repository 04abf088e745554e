using System.Buffers.Binary;
using System.Text;

namespace Vibedom.Core.Ssh;

/// <summary>
/// What vibedom reads of a private key file without ssh-add: whether it is protected by a passphrase (the session's
/// ssh-agent is loaded unattended, so such a key cannot be used). Only the header is read: OpenSSH's
/// <c>openssh-key-v1</c> cipher name, or a PEM key's <c>Proc-Type: 4,ENCRYPTED</c>.
/// </summary>
internal static class PrivateKeyFile
{
    private const string Begin = "-----BEGIN OPENSSH PRIVATE KEY-----";

    /// <summary>The file's first 512 characters: the headers and the fields before any key material.</summary>
    public static string ReadHead(string path)
    {
        using var reader = new StreamReader(path, Encoding.ASCII);
        var buffer = new char[512];
        return new string(buffer, 0, reader.ReadBlock(buffer));
    }

    /// <summary>True when the key is encrypted; false when it is not or its format is not one read here (ssh-add judges it then).</summary>
    public static bool HasPassphrase(string text)
    {
        if (text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal) || text.Contains("BEGIN ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            return true;
        }

        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        if (begin < 0)
        {
            return false;
        }

        // the head may end before the key's END line: only the body's first 128 characters are read
        var body = text[(begin + Begin.Length)..];
        var end = body.IndexOf("-----", StringComparison.Ordinal);
        body = end < 0 ? body : body[..end];
        Span<byte> head = stackalloc byte[96];
        // the first 128 base64 characters are 96 bytes: the magic and the cipher name's field
        var chars = new StringBuilder(128);
        foreach (var c in body)
        {
            if (!char.IsWhiteSpace(c) && chars.Length < 128)
            {
                chars.Append(c);
            }
        }

        if (chars.Length < 128 || !Convert.TryFromBase64String(chars.ToString(), head, out var written))
        {
            return false;
        }

        var magic = "openssh-key-v1\0"u8;
        if (written < magic.Length + 4 || !head.StartsWith(magic))
        {
            return false;
        }

        var rest = head[magic.Length..written];
        var length = BinaryPrimitives.ReadUInt32BigEndian(rest);
        return length <= rest.Length - 4 && !rest.Slice(4, (int)length).SequenceEqual("none"u8);
    }
}
