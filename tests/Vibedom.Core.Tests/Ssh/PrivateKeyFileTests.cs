using Vibedom.Core.Processes;
using Vibedom.Core.Ssh;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Ssh;

/// <summary>Keys made by the real ssh-keygen, with and without a passphrase, in OpenSSH's format and in PEM.</summary>
public sealed class PrivateKeyFileTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Theory]
    [InlineData("ed25519", false)]
    [InlineData("rsa", false)]
    [InlineData("rsa", true)]
    public async Task A_key_without_a_passphrase_is_usable(string type, bool pem)
    {
        var key = await MakeAsync(type, string.Empty, pem);

        Assert.False(PrivateKeyFile.HasPassphrase(PrivateKeyFile.ReadHead(key)));
    }

    [Theory]
    [InlineData("ed25519", false)]
    [InlineData("ecdsa", false)]
    [InlineData("rsa", true)]
    public async Task A_key_with_a_passphrase_is_recognised_from_its_head(string type, bool pem)
    {
        var key = await MakeAsync(type, "correct horse", pem);

        Assert.True(PrivateKeyFile.HasPassphrase(PrivateKeyFile.ReadHead(key)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\n!!!!\n-----END OPENSSH PRIVATE KEY-----\n")]
    public void Text_that_is_no_key_is_left_to_ssh_add(string text) => Assert.False(PrivateKeyFile.HasPassphrase(text));

    private async Task<string> MakeAsync(string type, string passphrase, bool pem)
    {
        Prerequisite.RequireCommand("ssh-keygen");
        var key = _folder.Combine($"{type}-{pem}-{passphrase.Length}");
        List<string> args = ["-q", "-t", type, "-N", passphrase, "-f", key];
        if (pem)
        {
            args.AddRange(["-m", "PEM"]);
        }

        await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("ssh-keygen", args), TestContext.Current.CancellationToken);
        return key;
    }

    public void Dispose() => _folder.Dispose();
}
