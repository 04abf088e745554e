using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Vibedom.Scanning.Detection;

public sealed partial class StreamingDetector
{
    private const int ScratchChars = 4096;
    private readonly byte[] _carry = new byte[4];
    private int _carryLength;
    private bool _textEndedInHighSurrogate;

    /// <summary>UTF-8 → UTF-16 as .NET's replacing decoder does it, in pieces: one U+FFFD per maximal invalid sequence.</summary>
    private void DecodeUtf8(ReadOnlySpan<byte> bytes, List<StreamMatch> found)
    {
        Position += bytes.Length;
        bytes = CompleteCarriedChar(bytes, found);
        if (bytes.IsEmpty)
        {
            return;
        }

        var scratch = ArrayPool<char>.Shared.Rent(ScratchChars);
        try
        {
            while (!bytes.IsEmpty)
            {
                var status = Utf8.ToUtf16(bytes, scratch, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: false);
                Append(scratch.AsSpan(0, written), found);
                bytes = bytes[read..];
                if (status == OperationStatus.NeedMoreData)
                {
                    bytes.CopyTo(_carry);
                    _carryLength = bytes.Length;
                    return;
                }

                if (status == OperationStatus.InvalidData)
                {
                    _ = Rune.DecodeFromUtf8(bytes, out _, out var invalid);
                    AppendReplacement(invalid, found);
                    bytes = bytes[invalid..];
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
        }
    }

    /// <summary>The first bytes of a char that began in the previous write, completed (or refused) with this one's.</summary>
    private ReadOnlySpan<byte> CompleteCarriedChar(ReadOnlySpan<byte> bytes, List<StreamMatch> found)
    {
        Span<byte> joined = stackalloc byte[8];
        Span<char> chars = stackalloc char[2];
        while (_carryLength > 0 && !bytes.IsEmpty)
        {
            var carried = _carryLength;
            var take = Math.Min(bytes.Length, 4);
            _carry.AsSpan(0, carried).CopyTo(joined);
            bytes[..take].CopyTo(joined[carried..]);
            var status = Rune.DecodeFromUtf8(joined[..(carried + take)], out var rune, out var consumed);
            if (status == OperationStatus.NeedMoreData)
            {
                joined[..(carried + take)].CopyTo(_carry); // still incomplete: every byte given so far is carried
                _carryLength = carried + take;
                return bytes[take..];
            }

            if (status == OperationStatus.Done)
            {
                Append(chars[..rune.EncodeToUtf16(chars)], found);
            }
            else
            {
                AppendReplacement(consumed, found);
            }

            if (consumed >= carried)
            {
                _carryLength = 0;
                return bytes[(consumed - carried)..];
            }

            _carry.AsSpan(consumed, carried - consumed).CopyTo(_carry);
            _carryLength = carried - consumed;
        }

        return bytes;
    }

    /// <summary>At the end of the stream, a char that never completed is one U+FFFD per maximal invalid sequence.</summary>
    private void FlushCarry(List<StreamMatch> found)
    {
        while (_carryLength > 0)
        {
            _ = Rune.DecodeFromUtf8(_carry.AsSpan(0, _carryLength), out _, out var consumed);
            consumed = Math.Max(consumed, 1);
            AppendReplacement(consumed, found);
            _carry.AsSpan(consumed, _carryLength - consumed).CopyTo(_carry);
            _carryLength -= consumed;
        }
    }

    /// <summary>Counts text written as chars: a surrogate pair split across two writes is 4 bytes, not 3 + 3.</summary>
    private int TextByteCount(ReadOnlySpan<char> text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        if (_textEndedInHighSurrogate && !text.IsEmpty && char.IsLowSurrogate(text[0]))
        {
            count -= 2;
        }

        if (!text.IsEmpty)
        {
            _textEndedInHighSurrogate = char.IsHighSurrogate(text[^1]);
        }

        return count;
    }
}
