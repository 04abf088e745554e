using System.Buffers;
using System.Text;

namespace Vibedom.Scanning.Detection;

public sealed partial class StreamingDetector
{
    /// <summary>Chars decoded from invalid bytes: (absolute char index, bytes it stands for minus the 3 of U+FFFD).</summary>
    private readonly List<(long Char, int Extra)> _irregular = [];
    private long _bufCharStart;
    private long _bufByteStart;

    /// <summary>Chars of the buffer's first line that came before the buffer (its columns start after them).</summary>
    private int _firstLineOffset;

    private void AppendReplacement(int invalidBytes, List<StreamMatch> found)
    {
        if (invalidBytes != 3)
        {
            _irregular.Add((_bufCharStart + _len, invalidBytes - 3));
        }

        Append("\uFFFD", found);
    }

    private void Append(ReadOnlySpan<char> chars, List<StreamMatch> found)
    {
        while (!chars.IsEmpty)
        {
            if (_len == _buf.Length)
            {
                var bigger = ArrayPool<char>.Shared.Rent(Math.Min(_full, _buf.Length * 2));
                _buf.AsSpan(0, _len).CopyTo(bigger);
                ArrayPool<char>.Shared.Return(_buf);
                _buf = bigger;
            }

            var n = Math.Min(chars.Length, Math.Min(_buf.Length, _full) - _len);
            chars[..n].CopyTo(_buf.AsSpan(_len));
            _len += n;
            chars = chars[n..];
            if (_len == _full)
            {
                ScanWindow(endOfStream: false, found);
            }
        }
    }

    /// <summary>
    /// Scans the buffer as one fragment and reports the matches starting in the part it owns; then keeps the
    /// last <c>overlap</c> chars before the cut (the next window's left context) and what follows the cut.
    /// </summary>
    private void ScanWindow(bool endOfStream, List<StreamMatch> found)
    {
        var ownedStart = _first ? 0 : _overlap;
        var ownedEnd = endOfStream ? _len : CutPoint();
        if (_len == 0 || (ownedEnd <= ownedStart && !_first))
        {
            return;
        }

        var first = _first;
        var detections = _detector.Detect(new Fragment(new string(_buf, 0, _len)) { FilePath = _path, StartLine = _startLine });
        var owned = detections.Where(d => d.IsFileMatch ? first : d.Start >= ownedStart && d.Start < ownedEnd).ToList();
        if (owned.Count > 0)
        {
            Report(owned, endOfStream, found);
        }

        CharsScanned += ownedEnd - ownedStart;
        if (endOfStream)
        {
            return;
        }

        Settled = ByteOffsets([ownedEnd])[0];
        var shift = ownedEnd - _overlap;
        var dropped = _buf.AsSpan(0, shift);
        var lastNewline = dropped.LastIndexOf('\n');
        _startLine += dropped.Count('\n');
        _firstLineOffset = lastNewline < 0 ? _firstLineOffset + shift : shift - lastNewline - 1;
        _bufByteStart = ByteOffsets([shift])[0];
        _bufCharStart += shift;
        _irregular.RemoveAll(i => i.Char < _bufCharStart);
        Array.Copy(_buf, shift, _buf, 0, _len - shift);
        _len -= shift;
        _first = false;
    }

    private void Report(List<SecretMatch> owned, bool endOfStream, List<StreamMatch> found)
    {
        int Clamp(int i) => Math.Clamp(i, 0, _len);
        var positions = owned.SelectMany(d => new[] { d.Start, d.End, d.ValueStart, d.ValueEnd }).Select(Clamp).Distinct().Order().ToArray();
        var offsets = ByteOffsets(positions);
        long At(int i) => offsets[Array.BinarySearch(positions, Clamp(i))];
        foreach (var d in owned.OrderBy(d => d.Start).ThenBy(d => d.RuleId, StringComparer.Ordinal))
        {
            found.Add(new StreamMatch(OnStreamColumns(d), At(d.Start), At(d.End), At(d.ValueStart), At(d.ValueEnd))
            {
                Truncated = !endOfStream && !d.IsFileMatch && Math.Max(d.End, d.ValueEnd) >= _len,
            });
        }
    }

    /// <summary>Columns on the window's first line counted from the stream's line start (a line longer than a window).</summary>
    private SecretMatch OnStreamColumns(SecretMatch d)
    {
        if (_firstLineOffset == 0 || d.IsFileMatch || (d.StartLine != _startLine && d.EndLine != _startLine))
        {
            return d;
        }

        return d with
        {
            StartColumn = d.StartLine == _startLine ? d.StartColumn + _firstLineOffset : d.StartColumn,
            EndColumn = d.EndLine == _startLine ? d.EndColumn + _firstLineOffset : d.EndColumn,
        };
    }

    /// <summary>Absolute byte offsets of ascending buffer positions, in one walk.</summary>
    private long[] ByteOffsets(int[] ascending)
    {
        var result = new long[ascending.Length];
        var at = 0;
        var bytes = _bufByteStart;
        var irregular = 0;
        for (var i = 0; i < ascending.Length; i++)
        {
            var to = ascending[i];
            bytes += ByteCount(at, to);
            while (irregular < _irregular.Count && _irregular[irregular].Char < _bufCharStart + to)
            {
                if (_irregular[irregular].Char >= _bufCharStart + at)
                {
                    bytes += _irregular[irregular].Extra;
                }

                irregular++;
            }

            result[i] = bytes;
            at = to;
        }

        return result;
    }

    /// <summary>UTF-8 length of buffer chars [from, to); a surrogate pair counts its 4 bytes at the high surrogate.</summary>
    private int ByteCount(int from, int to)
    {
        if (to <= from)
        {
            return 0;
        }

        var count = Encoding.UTF8.GetByteCount(_buf.AsSpan(from, to - from));
        if (from > 0 && char.IsLowSurrogate(_buf[from]) && char.IsHighSurrogate(_buf[from - 1]))
        {
            count -= 3;
        }

        if (to < _len && char.IsHighSurrogate(_buf[to - 1]) && char.IsLowSurrogate(_buf[to]))
        {
            count += 1;
        }

        return count;
    }

    /// <summary>Where the owned part ends: at a line end in the last quarter if there is one, else a hard cut.</summary>
    private int CutPoint()
    {
        var limit = _len - _overlap;
        var floor = Math.Max(_overlap + 1, limit - (limit / 4));
        var nl = _buf.AsSpan(floor, limit - floor).LastIndexOf('\n');
        return nl >= 0 ? floor + nl + 1 : limit;
    }
}
