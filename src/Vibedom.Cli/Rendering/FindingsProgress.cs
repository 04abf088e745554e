using Spectre.Console;
using Vibedom.Scanning.Sources;

namespace Vibedom.Cli.Rendering;

/// <summary>Runs a tree scan, with a spinner and file count on a terminal; silent when output is redirected.</summary>
internal static class FindingsProgress
{
    public static async Task<ScanResult> RunAsync(CliContext context, FileTreeScanner scanner, string root, CancellationToken ct)
    {
        if (!context.Interactive)
        {
            return await scanner.ScanAsync(root, null, ct).ConfigureAwait(false);
        }

        return await context.Console.Status().StartAsync($"scanning {TerminalText.Markup(root)} for secrets…", async status =>
        {
            var progress = new Progress<long>(n => status.Status($"scanning for secrets… {n} files"));
            return await scanner.ScanAsync(root, progress, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
