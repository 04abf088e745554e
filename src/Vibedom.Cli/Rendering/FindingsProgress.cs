using Spectre.Console;
using Vibedom.Scanning.Sources;

namespace Vibedom.Cli.Rendering;

/// <summary>Runs a tree scan, with a spinner and file count on a terminal; silent when output is redirected.</summary>
internal static class FindingsProgress
{
    public static Task<ScanResult> RunAsync(CliContext context, FileTreeScanner scanner, string root, CancellationToken ct) =>
        FollowAsync(context, root, progress => scanner.ScanAsync(root, progress, ct));

    /// <summary>Runs <paramref name="scan"/> of <paramref name="root"/>, with the spinner at a terminal.</summary>
    public static async Task<ScanResult> FollowAsync(CliContext context, string root, Func<IProgress<long>?, Task<ScanResult>> scan)
    {
        if (!context.Interactive)
        {
            return await scan(null).ConfigureAwait(false);
        }

        return await context.Console.Status().StartAsync($"scanning {TerminalText.Markup(root)} for secrets…", async status =>
        {
            var progress = new Progress<long>(n => status.Status($"scanning for secrets… {n} files"));
            return await scan(progress).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
