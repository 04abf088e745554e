using System.Text;

namespace Vibedom.Core.Workspace;

/// <summary>A file name that is not valid UTF-8, for display: the valid parts as they are, every other byte as <c>\xNN</c>.</summary>
internal static class NameEscaping
{
    public static string Escape(ReadOnlySpan<byte> raw)
    {
        var builder = new StringBuilder(raw.Length + 8);
        while (raw.Length > 0)
        {
            var status = System.Text.Rune.DecodeFromUtf8(raw, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                builder.Append(rune.ToString());
            }
            else
            {
                for (var i = 0; i < consumed; i++)
                {
                    builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{raw[i]:x2}");
                }
            }

            raw = raw[consumed..];
        }

        return builder.ToString();
    }
}
