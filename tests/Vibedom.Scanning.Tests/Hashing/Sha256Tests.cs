using System.Security.Cryptography;
using Vibedom.Scanning.Hashing;
using Xunit;

namespace Vibedom.Scanning.Tests.Hashing;

/// <summary>The managed SHA-256 a run uses instead of loading OpenSSL gives OpenSSL's digest, for every length and split.</summary>
public sealed class Sha256Tests
{
    [Fact]
    public void Managed_sha256_equals_openssls_for_every_length_around_the_block_and_padding_boundaries()
    {
        var data = new byte[1100];
        new Random(23).NextBytes(data);
        Span<byte> managed = stackalloc byte[32];
        for (var length = 0; length <= data.Length; length++)
        {
            ManagedSha256.HashData(data.AsSpan(0, length), managed);

            Assert.Equal(Convert.ToHexString(SHA256.HashData(data.AsSpan(0, length))), Convert.ToHexString(managed));
        }
    }

    [Fact]
    public void Managed_sha256_gives_the_fips_180_examples()
    {
        Span<byte> hash = stackalloc byte[32];
        ManagedSha256.HashData("abc"u8, hash);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(hash));
        ManagedSha256.HashData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8, hash);
        Assert.Equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void Managed_sha256_appended_in_any_pieces_equals_the_whole()
    {
        var data = new byte[5000];
        new Random(7).NextBytes(data);
        var random = new Random(11);
        for (var round = 0; round < 50; round++)
        {
            var sha = default(ManagedSha256);
            var offset = 0;
            while (offset < data.Length)
            {
                var piece = Math.Min(random.Next(0, 200), data.Length - offset);
                sha.Append(data.AsSpan(offset, piece));
                offset += piece;
            }

            var hash = new byte[32];
            sha.Finish(hash);
            Assert.Equal(SHA256.HashData(data), hash);
        }
    }

    [Fact]
    public void Sha256_gives_the_same_digest_within_and_past_its_managed_budget()
    {
        var data = new byte[64 * 1024];
        new Random(3).NextBytes(data);
        for (var i = 0; i < 20; i++) // 1.25 MiB in all: past the budget, whoever else hashed meanwhile
        {
            var slice = data.AsSpan(0, data.Length - i);
            Assert.Equal(SHA256.HashData(slice), Sha256.HashData(slice));
            Assert.Equal(SHA256.HashData(slice.ToArray()), Sha256.HashData(new MemoryStream(slice.ToArray())));
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("pâté\u00e9 ☃"u8)), Sha256.HexOfUtf8("pâté\u00e9 ☃"));
    }

    [Fact]
    public void Sha256_of_a_stream_hashes_what_is_left_of_it()
    {
        var data = new byte[3000];
        new Random(5).NextBytes(data);
        using var stream = new MemoryStream(data) { Position = 1000 };

        Assert.Equal(SHA256.HashData(data.AsSpan(1000)), Sha256.HashData(stream));
    }
}
