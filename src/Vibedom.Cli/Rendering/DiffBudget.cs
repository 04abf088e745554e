using System.Globalization;

namespace Vibedom.Cli.Rendering;

/// <summary>
/// The budget of one whole diff (a <c>diff</c>, <c>--stat</c>, <c>--json</c> or the review's summary): line diffs
/// read at most <see cref="MaxTextBytes"/> of text and take at most <see cref="MaxWork"/> steps in all, besides each
/// file's own bounds, so a change set of many large text files stays bounded in time and output. Past it, the
/// remaining text files are not read: each says so, with the way to see it alone (a diff of named paths gets a
/// budget of its own).
/// </summary>
internal sealed class DiffBudget(long maxTextBytes = DiffBudget.DefaultTextBytes, long maxWork = DiffBudget.DefaultWork)
{
    public const long DefaultTextBytes = 64L * 1024 * 1024;
    public const long DefaultWork = 300_000_000;

    private long _bytes;
    private long _work;

    public long MaxTextBytes => maxTextBytes;

    public long MaxWork => maxWork;

    /// <summary>True once the text read or the steps taken reached the budget: no more files are diffed.</summary>
    public bool Spent => _bytes >= maxTextBytes || _work >= maxWork;

    /// <summary>What a file past the budget says instead of its lines.</summary>
    public string Note => string.Create(CultureInfo.InvariantCulture,
        $"not diffed: this diff already read {Mib(maxTextBytes)} MiB of text or took {maxWork / 1_000_000}M steps; 'vibedom diff SESSION PATH' shows this file alone");

    /// <summary>Counts one file's line diff against the budget.</summary>
    public void Charge(long textBytes, long work)
    {
        _bytes += textBytes;
        _work += work;
    }

    /// <summary>The closing line of a diff that left <paramref name="count"/> files out.</summary>
    public string Summary(int count) => string.Create(CultureInfo.InvariantCulture,
        $"# {count} text file(s) not diffed (marked 'not diffed' above): this diff reached its overall budget of {Mib(maxTextBytes)} MiB of text; name them to see them: vibedom diff SESSION PATH...");

    private static long Mib(long bytes) => bytes / (1024 * 1024);
}
