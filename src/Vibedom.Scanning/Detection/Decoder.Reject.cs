namespace Vibedom.Scanning.Detection;

internal sealed partial class Decoder
{
    private static readonly sbyte[] StdValues = Values(StdAlphabet);
    private static readonly sbyte[] UrlValues = Values(UrlAlphabet);

    /// <summary>
    /// Whether a hex or base64 run decodes to nothing (<see cref="DecodeHex"/>, <see cref="DecodeBase64"/>: a byte that
    /// is not printable ASCII, a length or padding neither alphabet takes), read in place: no copy of the run, no
    /// cache entry, no string. Most runs in a model request are such runs (commit SHAs, GUIDs, base64 images; their
    /// first bytes are seldom all printable), and each cost a substring, a dictionary lookup and, once per value, a
    /// decoding into a builder. Percent and unicode runs are never judged here (false). Equal to
    /// <c>DecodeOne(kind, value).Length == 0</c> (<c>DecoderRejectTests</c>).
    /// </summary>
    internal static bool DecodesToNothing(EncodingKinds kind, ReadOnlySpan<char> value) => kind switch
    {
        EncodingKinds.Hex => !HexDecodes(value),
        EncodingKinds.Base64 => !value.ContainsAny(Base64Marks) || (!Base64Decodes(value, StdValues, padded: true) && !Base64Decodes(value, UrlValues, padded: false)),
        _ => false,
    };

    private static readonly System.Buffers.SearchValues<char> Base64Marks = System.Buffers.SearchValues.Create("0123456789+/-_");

    /// <summary><see cref="DecodeHex"/>'s conditions: an even length, a digit, every pair a printable byte.</summary>
    private static bool HexDecodes(ReadOnlySpan<char> value)
    {
        if (value.Length % 2 != 0 || !value.ContainsAnyInRange('0', '9'))
        {
            return false;
        }

        for (var i = 0; i < value.Length; i += 2)
        {
            var n1 = HexDigits.Value(value[i]);
            var n2 = HexDigits.Value(value[i + 1]);
            if (n1 < 0 || n2 < 0 || !Printable((n1 << 4) | n2))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><see cref="TryBase64"/> without its output: true when it would return a string.</summary>
    private static bool Base64Decodes(ReadOnlySpan<char> value, sbyte[] values, bool padded)
    {
        var body = value;
        if (padded)
        {
            if (value.Length % 4 != 0)
            {
                return false;
            }

            body = value.TrimEnd('=');
            if (value.Length - body.Length > 2)
            {
                return false;
            }
        }
        else if (value.Contains('=') || value.Length % 4 == 1)
        {
            return false;
        }

        int buffer = 0, bits = 0, bytes = 0;
        foreach (var c in body)
        {
            var v = c < 128 ? values[c] : -1;
            if (v < 0)
            {
                return false;
            }

            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                if (!Printable((buffer >> bits) & 0xFF))
                {
                    return false;
                }

                bytes++;
            }
        }

        return bytes > 0;
    }

    private static sbyte[] Values(string alphabet)
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < alphabet.Length; i++)
        {
            values[alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}
