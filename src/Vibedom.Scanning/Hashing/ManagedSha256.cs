using System.Buffers.Binary;
using System.Numerics;

namespace Vibedom.Scanning.Hashing;

/// <summary>
/// SHA-256 (FIPS 180-4) in managed code: no native library. .NET's <c>SHA256</c> goes through OpenSSL, whose load
/// (<c>dlopen</c>, relocations, initialisation) costs a few milliseconds of CPU a process; <see cref="Sha256"/> uses this
/// for the first bytes a process hashes. Incremental: <see cref="Append"/> any number of times, then <see cref="Finish"/>.
/// </summary>
internal struct ManagedSha256
{
    private static readonly uint[] K =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    private State _state;
    private Block _pending;
    private int _pendingLength;
    private ulong _length;
    private bool _started;

    /// <summary>The hash of <paramref name="data"/> into <paramref name="destination"/> (32 bytes).</summary>
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var sha = default(ManagedSha256);
        sha.Append(data);
        sha.Finish(destination);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        Start();
        _length += (ulong)data.Length;
        Span<byte> pending = _pending;
        if (_pendingLength > 0)
        {
            var take = Math.Min(64 - _pendingLength, data.Length);
            data[..take].CopyTo(pending[_pendingLength..]);
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength < 64)
            {
                return;
            }

            Compress(ref _state, pending);
            _pendingLength = 0;
        }

        while (data.Length >= 64)
        {
            Compress(ref _state, data[..64]);
            data = data[64..];
        }

        data.CopyTo(pending);
        _pendingLength = data.Length;
    }

    public void Finish(Span<byte> destination)
    {
        Start();
        Span<byte> pending = _pending;
        var bits = _length * 8;
        pending[_pendingLength++] = 0x80;
        if (_pendingLength > 56)
        {
            pending[_pendingLength..].Clear();
            Compress(ref _state, pending);
            _pendingLength = 0;
        }

        pending[_pendingLength..56].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(pending[56..], bits);
        Compress(ref _state, pending);
        Span<uint> h = _state;
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(i * 4)..], h[i]);
        }
    }

    private void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        Span<uint> h = _state;
        h[0] = 0x6a09e667;
        h[1] = 0xbb67ae85;
        h[2] = 0x3c6ef372;
        h[3] = 0xa54ff53a;
        h[4] = 0x510e527f;
        h[5] = 0x9b05688c;
        h[6] = 0x1f83d9ab;
        h[7] = 0x5be0cd19;
    }

    private static void Compress(ref State state, ReadOnlySpan<byte> block)
    {
        Span<uint> w = stackalloc uint[64];
        for (var i = 0; i < 16; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32BigEndian(block[(i * 4)..]);
        }

        for (var i = 16; i < 64; i++)
        {
            var s0 = BitOperations.RotateRight(w[i - 15], 7) ^ BitOperations.RotateRight(w[i - 15], 18) ^ (w[i - 15] >> 3);
            var s1 = BitOperations.RotateRight(w[i - 2], 17) ^ BitOperations.RotateRight(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }

        Span<uint> h = state;
        uint a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        var k = K;
        for (var i = 0; i < 64; i++)
        {
            var t1 = hh + (BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25))
                + ((e & f) ^ (~e & g)) + k[i] + w[i];
            var t2 = (BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22))
                + ((a & b) ^ (a & c) ^ (b & c));
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }

        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }

    [System.Runtime.CompilerServices.InlineArray(8)]
    private struct State
    {
        private uint _element;
    }

    [System.Runtime.CompilerServices.InlineArray(64)]
    private struct Block
    {
        private byte _element;
    }
}
