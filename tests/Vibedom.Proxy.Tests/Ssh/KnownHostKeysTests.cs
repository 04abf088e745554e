using System.Security.Cryptography;
using System.Text;
using Vibedom.Proxy.Ssh;
using Vibedom.Testing;
using Xunit;
using static Vibedom.Proxy.Tests.Ssh.SshStream;

namespace Vibedom.Proxy.Tests.Ssh;

/// <summary>The proxy's reading of known_hosts lines, as OpenSSH writes and reads them.</summary>
public sealed class KnownHostKeysTests : IDisposable
{
    private static readonly byte[] Listed = KeyBlob(1);
    private static readonly string ListedText = "ssh-ed25519 " + Convert.ToBase64String(Listed);
    private readonly TempDirectory _folder = new();

    private KnownHostKeys.Verdict Check(string content, string host = "git.test", int port = 22, byte[]? key = null) =>
        KnownHostKeys.Check(_folder.Write("known_hosts", content), host, port, key ?? Listed);

    [Fact]
    public void A_plain_name_lists_its_key_for_port_22_only()
    {
        Assert.Equal(KnownHostKeys.Verdict.Listed, Check($"other.test,git.test {ListedText}\n"));
        Assert.Equal(KnownHostKeys.Verdict.Listed, Check($"GIT.test {ListedText}\n"));
        Assert.Equal(KnownHostKeys.Verdict.Unknown, Check($"git.test {ListedText}\n", port: 2222));
        Assert.Equal(KnownHostKeys.Verdict.Unknown, Check($"git.test {ListedText}\n", key: KeyBlob(2)));
    }

    [Fact]
    public void A_bracketed_name_lists_its_key_for_its_port()
    {
        Assert.Equal(KnownHostKeys.Verdict.Listed, Check($"[git.test]:2222 {ListedText}\n", port: 2222));
        Assert.Equal(KnownHostKeys.Verdict.Unknown, Check($"[git.test]:2222 {ListedText}\n"));
        Assert.Equal(KnownHostKeys.Verdict.Unknown, Check($"[git.test]:2222 {ListedText}\n", port: 2223));
    }

    [Fact]
    public void A_hashed_name_matches_the_name_it_hashes_and_no_other()
    {
        var salt = RandomNumberGenerator.GetBytes(20);
        var hashed = $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(HMACSHA1.HashData(salt, Encoding.ASCII.GetBytes("[git.test]:2222")))}";

        Assert.Equal(KnownHostKeys.Verdict.Listed, Check($"{hashed} {ListedText}\n", port: 2222));
        Assert.Equal(KnownHostKeys.Verdict.Unknown, Check($"{hashed} {ListedText}\n"));
        Assert.Equal(KnownHostKeys.Verdict.Unknown, Check($"|1|not-base64|x {ListedText}\n", port: 2222));
    }

    [Fact]
    public void A_revoked_line_refuses_the_key_even_when_another_line_lists_it()
    {
        Assert.Equal(KnownHostKeys.Verdict.Revoked, Check($"git.test {ListedText}\n@revoked git.test {ListedText}\n"));
        Assert.Equal(KnownHostKeys.Verdict.Unknown, Check($"@cert-authority git.test {ListedText}\n"));
    }

    [Fact]
    public void A_negated_name_keeps_the_line_from_applying()
    {
        Assert.Equal(KnownHostKeys.Verdict.Unknown, Check($"git.test,!git.test {ListedText}\n"));
        Assert.Equal(KnownHostKeys.Verdict.Listed, Check($"git.test,!other.test {ListedText}\n"));
    }

    [Fact]
    public void Comments_blank_and_short_lines_are_passed_over()
    {
        Assert.Equal(KnownHostKeys.Verdict.Unknown, Check($"# git.test {ListedText}\n   #git.test {ListedText}\n\ngit.test ssh-ed25519\n"));
        Assert.Equal(KnownHostKeys.Verdict.Listed, Check($"# a comment\n\n  git.test {ListedText} user@host\n"));
        Assert.Equal(KnownHostKeys.Verdict.Unknown, KnownHostKeys.Check(_folder.Combine("missing"), "git.test", 22, Listed));
    }

    public void Dispose() => _folder.Dispose();
}
