using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vibedom.Scanning.Hashing;

/// <summary>
/// Random bytes from the kernel (<c>/dev/urandom</c>, the source OpenSSL and <see cref="Guid.NewGuid"/> draw from)
/// without loading OpenSSL: .NET's <see cref="RandomNumberGenerator"/> initialises libssl and libcrypto on first use,
/// a few milliseconds of CPU in a run that otherwise needs neither. Falls back to <see cref="RandomNumberGenerator"/>
/// when the device cannot be read.
/// </summary>
public static class SecureRandom
{
    private const string Device = "/dev/urandom";

    public static void Fill(Span<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        try
        {
            using var handle = File.OpenHandle(Device, FileMode.Open, FileAccess.Read);
            var total = 0;
            while (total < data.Length)
            {
                var read = RandomAccess.Read(handle, data[total..], 0);
                if (read <= 0)
                {
                    throw new IOException($"{Device} ended");
                }

                total += read;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            RandomNumberGenerator.Fill(data);
        }
    }

    public static byte[] GetBytes(int count)
    {
        var bytes = new byte[count];
        Fill(bytes);
        return bytes;
    }

    /// <summary><paramref name="length"/> items drawn uniformly and independently from <paramref name="choices"/>.</summary>
    public static T[] GetItems<T>(ReadOnlySpan<T> choices, int length)
    {
        if (choices.IsEmpty)
        {
            throw new ArgumentException("nothing to choose from", nameof(choices));
        }

        var items = new T[length];
        var count = (uint)choices.Length;
        var limit = uint.MaxValue - (uint.MaxValue % count); // values at or past it would favour the first choices
        var draws = new byte[4 * Math.Max(length, 1)];
        var at = draws.Length;
        for (var i = 0; i < length;)
        {
            if (at == draws.Length)
            {
                Fill(draws);
                at = 0;
            }

            var value = BinaryPrimitives.ReadUInt32LittleEndian(draws.AsSpan(at));
            at += 4;
            if (value < limit)
            {
                items[i++] = choices[(int)(value % count)];
            }
        }

        return items;
    }
}
