using System.Security.Cryptography;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>Clean bodies pass byte-identical: the look-alikes of secrets and PII are not scrubbed.</summary>
public sealed class CleanBodyTests
{
    private static string Random64(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    public static TheoryData<string, string> LookAlikes() => new()
    {
        { "UUIDs", $"{{\"id\":\"{Guid.NewGuid()}\",\"parent\":\"{Guid.NewGuid():N}\"}}" },
        { "git SHAs", $"commit {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}\nparent {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}\n" },
        { "base64 image", $"<img src=\"data:image/png;base64,{Convert.ToBase64String(PngLike())}\">" },
        { "lockfile integrity", $"\"integrity\": \"sha512-{Random64(64)}\",\n\"resolved\": \"https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz\"" },
        { "order numbers", "{\"order\": 4111111111111112, \"ref\": \"ORD-2024-000123\"}" },
        { "versions and semver", "\"version\": \"1.2.3-beta.4+build.5\", \"dotnet\": \"10.0.100\", \"assembly\": \"Version=10.0.0.0\"" },
        { "timestamps", "{\"created\": 1733140000000, \"at\": \"2026-12-02T09:44:23.123Z\", \"unix\": 1733140000}" },
        { "public key", $"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{Random64(24)} user@host\n-----BEGIN PUBLIC KEY-----\n{Random64(48)}\n-----END PUBLIC KEY-----\n" },
        { "certificate", $"-----BEGIN CERTIFICATE-----\n{Random64(48)}\n{Random64(48)}\n-----END CERTIFICATE-----\n" },
        { "public and loopback IPs", "connect 127.0.0.1:8080, 8.8.8.8, 1.1.1.1, ::1 and 203.0.113.7" },
        { "email-like names in code", "import logo from './logo@2x.png'; \"lodash@4.17.21\"; git@github.com:org/repo.git" },
        { "hashes", $"sha256:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))} md5 {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}" },
        { "prose", "The quick brown fox jumps over the lazy dog. Call me tomorrow; the build is at 10:30.\n" },
        { "JSON numbers", "[1, 2, 3, 415, 555, 2671, 123456789, 3.14159, -42, 1e10]" },
    };

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void Clean_look_alikes_pass_byte_identical(string why, string body)
    {
        var (output, hits) = DlpFixture.Scrub(DlpFixture.Replacing, body);

        Assert.True(hits.Count == 0, $"{why}: {string.Join(", ", hits.Select(h => h.RuleId))}");
        Assert.Equal(body, output);
    }

    [Fact]
    public void Random_binary_passes_byte_identical()
    {
        var body = RandomNumberGenerator.GetBytes(256 << 10);

        var (output, _) = DlpFixture.Scrub(DlpFixture.Replacing, body.Chunk(7000).ToArray());

        Assert.Equal(body, output);
    }

    /// <summary>A PNG header then random bytes.</summary>
    private static byte[] PngLike() => [.. new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, .. RandomNumberGenerator.GetBytes(3000)];
}
