using System.Text.RegularExpressions;

namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>
/// E-mail addresses: an ASCII local part, <c>@</c>, a domain whose labels each hold a letter and whose top level is
/// 2-24 letters. Not e-mail: a file name with a scale suffix (<c>icon@2x.png</c>: the "top level" is a file
/// extension), a package at a version (<c>lodash@4.17.21</c>), git's SSH user (<c>git@github.com</c>), a no-reply sender
/// (<c>noreply@</c>, <c>no-reply@</c>, <c>donotreply@</c>...: an address nobody reads, no person's; Claude Code's Bash tool
/// tells the model to sign its commits <c>Co-Authored-By: Claude &lt;noreply@anthropic.com&gt;</c>, in every request
/// it sends, and a scrubbed one put <c>[REDACTED_EMAIL]</c> in the agent's commits), and an
/// address-shaped run of bytes inside binary data (<see cref="PiiNeighbourhood"/>): the shape is short enough that
/// random bytes spell one about once in 200 blocks of 256 KiB, and scrubbing one would corrupt an upload.
/// </summary>
internal sealed class EmailDetector : IPiiDetector
{
    private static readonly Regex Candidate = new(
        @"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "bmp", "tif", "tiff", "css", "scss", "less", "js", "mjs",
        "cjs", "ts", "tsx", "jsx", "map", "json", "html", "htm", "txt", "md", "xml", "yaml", "yml", "woff", "woff2", "ttf",
        "otf", "eot", "mp3", "mp4", "webm", "wasm", "pdf", "zip", "tgz", "gz", "lock", "cs", "py", "rb", "go", "rs", "sh",
    };

    public string RuleId => "email";

    public void Find(PiiInput input, List<(int Start, int End)> found)
    {
        var text = input.Text;
        if (!text.Contains('@', StringComparison.Ordinal))
        {
            return;
        }

        foreach (Match m in Candidate.Matches(text))
        {
            var at = text.IndexOf('@', m.Index, m.Length);
            var local = text.AsSpan(m.Index, at - m.Index);
            var domain = text.AsSpan(at + 1, m.Index + m.Length - at - 1);
            if (Valid(local, domain) && Bounded(text, m.Index, m.Index + m.Length) && PiiNeighbourhood.IsText(input, m.Index, m.Index + m.Length))
            {
                found.Add((m.Index, m.Index + m.Length));
            }
        }
    }

    private static bool Valid(ReadOnlySpan<char> local, ReadOnlySpan<char> domain)
    {
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal) || local is "git" || NoReply(local))
        {
            return false;
        }

        var tld = domain[(domain.LastIndexOf('.') + 1)..];
        if (FileExtensions.Contains(tld.ToString()))
        {
            return false;
        }

        foreach (var label in domain.ToString().Split('.'))
        {
            if (!label.Any(char.IsAsciiLetter))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>noreply</c>, <c>no-reply</c>, <c>no_reply</c>, <c>donotreply</c>, <c>do-not-reply</c>..., in any case.</summary>
    private static bool NoReply(ReadOnlySpan<char> local)
    {
        Span<char> letters = stackalloc char[local.Length];
        var n = 0;
        foreach (var c in local)
        {
            if (c is not ('-' or '_' or '.'))
            {
                letters[n++] = char.ToLowerInvariant(c);
            }
        }

        return letters[..n] is "noreply" or "donotreply";
    }

    private static bool Bounded(string text, int start, int end) =>
        (start == 0 || !(char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '.' or '_' or '%' or '+' or '-'))
        && (end == text.Length || !(char.IsAsciiLetterOrDigit(text[end]) || text[end] is '-' or '_'
            || (text[end] == '.' && end + 1 < text.Length && char.IsAsciiLetterOrDigit(text[end + 1]))));
}
