using Vibedom.Scanning.Dlp.Decoding;

namespace Vibedom.Scanning.Dlp;

public sealed partial class DlpEngine
{
    /// <summary>
    /// How many decodings may be stacked (a form value holding JSON escapes, a value percent-encoded twice, a form field
    /// holding JSON inside a JSON string). Each level costs only where the one before left escapes; a body built to feed
    /// every level (SECURITY.md, DLP's cost on crafted bodies) pays each.
    /// </summary>
    private const int MaxDecodedDepth = 3;

    /// <summary>
    /// The decoded passes: the text JSON-unescaped and form-decoded (and each of those again, up to
    /// <see cref="MaxDecodedDepth"/>), each only over the runs that hold what it decodes (<see cref="DecodedRegions"/>:
    /// a clean chat body gets none, or a few words). Every source runs on each pass, and what it finds
    /// is replaced where it was sent: the encoded span of the original text. A decoded match inside a range the same
    /// rule found in the original is dropped (<c>a+b@x.org</c>: the whole address, not <c>b@x.org</c>); one that
    /// reaches past it is kept, so a part found in the encoded form never hides the rest.
    /// </summary>
    private void FindDecoded(string text, bool bytes, List<DlpMatch> found)
    {
        FoundRanges? original = null; // built once a decoded pass finds something
        var originalCount = found.Count;
        var pending = new Stack<(string Text, DecodedText? View)>();
        pending.Push((text, null));
        var inView = new List<DlpMatch>();
        while (pending.Count > 0)
        {
            var (source, from) = pending.Pop();
            if ((from?.Depth ?? 0) >= MaxDecodedDepth)
            {
                continue;
            }

            foreach (var view in Views(source, bytes, from))
            {
                inView.Clear();
                FindIn(view.Text, bytes, inView);
                foreach (var m in inView)
                {
                    var (start, end) = view.ToSource(m.Start, m.End);
                    original ??= new FoundRanges(found, originalCount);
                    if (!original.Covers(m.RuleId, start, end))
                    {
                        found.Add(m with { Start = start, End = end });
                    }
                }

                pending.Push((view.Text, view));
            }
        }
    }

    private IEnumerable<DecodedText> Views(string source, bool bytes, DecodedText? from)
    {
        // with a workspace value JSON writes with a short escape, only the tokens that hold a \u or \/ escaped once more
        // too: the value written with short escapes alone is matched in its escaped forms (JsonEscapedForms); decoding
        // every \n and \" of a body, as before, scanned each JSON body twice
        if (JsonEscapes.Decode(source, bytes, _decodedContext, nested: _exactHasEscaped, from) is { } json)
        {
            yield return json;
        }

        if (FormDecoding.Decode(source, bytes, _decodedContext, from) is { } form)
        {
            yield return form;
        }
    }

    /// <summary>
    /// The chars a decoded pass reads on each side of what it decodes: <see cref="JsonEscapes.Context"/>, or nine per
    /// char of the longest workspace value that holds a char ending a JSON token or a form run (a space, <c>|</c>,
    /// <c>#</c>, a quote...): such a value, sent with one char escaped and that char raw (<c>correct+h%6Frse battery</c>),
    /// spans two runs, and a char is at most 9 source chars (<c>%E2%82%AC</c>).
    /// </summary>
    private static int DecodedContext(IEnumerable<string> values) =>
        Math.Max(JsonEscapes.Context, 9 * values.Where(FormDecoding.EndsARun).Select(v => v.Length).DefaultIfEmpty(0).Max());

    /// <summary>Whether a workspace value holds a char JSON writes as a short escape (a quote, a backslash, a control char).</summary>
    private static bool HasEscaped(IEnumerable<string> values) =>
        values.Any(v => v.AsSpan().IndexOfAny(JsonEscapes.ShortEscaped) >= 0);
}
