using System.ComponentModel;
using System.Diagnostics;
using Vibedom.Core.Errors;

namespace Vibedom.Core.Processes;

/// <summary>
/// The one place vibedom starts a child process (Process.Start is banned elsewhere).
/// Argv only, cleared environment plus explicit variables, timeout, and cancellation or
/// timeout kill the whole process tree.
/// </summary>
public sealed class ProcessRunner
{
    private static readonly string[] BasicVariables = ["PATH", "HOME", "LANG", "TERM", "USER", "LOGNAME"];

    public static ProcessRunner Default { get; } = new();

    /// <summary>Runs to completion; throws <see cref="VibedomException"/> only when the program cannot be started.</summary>
    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        using var process = new Process { StartInfo = BuildStartInfo(spec) };
        var stopwatch = Stopwatch.StartNew();
        try
        {
#pragma warning disable RS0030 // the one sanctioned call site
            process.Start();
#pragma warning restore RS0030
        }
        catch (Win32Exception e)
        {
            throw VibedomException.Prerequisite($"cannot start {spec.FileName}: {e.Message}");
        }

        var stdout = spec.Inherit ? Task.FromResult(string.Empty) : process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = spec.Inherit ? Task.FromResult(string.Empty) : process.StandardError.ReadToEndAsync(CancellationToken.None);
        if (!spec.Inherit)
        {
            await WriteInputAsync(process, spec.StandardInput).ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(spec.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = timeout.IsCancellationRequested;
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), stopwatch.Elapsed, timedOut);
    }

    /// <summary>
    /// Runs <paramref name="spec"/> (a starter that exits at once, such as <c>setsid -f</c>, leaving its child holding
    /// the same standard input) and keeps the pipe to that input open; throws unless the starter exits 0.
    /// </summary>
    public async Task<ProcessChannel> StartWithChannelAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        var process = new Process { StartInfo = BuildStartInfo(spec with { Inherit = false }) };
        process.StartInfo.RedirectStandardOutput = false;
        process.StartInfo.RedirectStandardError = false;
        try
        {
#pragma warning disable RS0030 // the one sanctioned call site
            process.Start();
#pragma warning restore RS0030
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw VibedomException.Prerequisite($"cannot start {spec.FileName}: {e.Message}");
        }

        var channel = new ProcessChannel(process);
        using var timeout = new CancellationTokenSource(spec.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await channel.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw VibedomException.Failed($"{Path.GetFileName(spec.FileName)} timed out after {spec.Timeout.TotalSeconds:0}s");
        }

        if (process.ExitCode != 0)
        {
            var code = process.ExitCode;
            await channel.DisposeAsync().ConfigureAwait(false);
            throw VibedomException.Failed($"{Path.GetFileName(spec.FileName)} failed: exit code {code}");
        }

        return channel;
    }

    /// <summary>Runs and throws a one-line <see cref="VibedomException"/> unless the process exits 0.</summary>
    public async Task<ProcessResult> RunCheckedAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var why = result.TimedOut ? $"timed out after {spec.Timeout.TotalSeconds:0}s" : result.FirstErrorLine;
            throw VibedomException.Failed($"{Path.GetFileName(spec.FileName)} failed: {why}");
        }

        return result;
    }

    /// <summary>Finds an executable on PATH (or returns null), without running anything.</summary>
    public static string? Which(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? name : null;
        }

        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    internal static ProcessStartInfo BuildStartInfo(ProcessSpec spec)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = !spec.Inherit,
            RedirectStandardOutput = !spec.Inherit,
            RedirectStandardError = !spec.Inherit,
            WorkingDirectory = spec.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        if (spec.InheritBasicEnvironment)
        {
            foreach (var name in BasicVariables)
            {
                if (System.Environment.GetEnvironmentVariable(name) is { } value)
                {
                    info.Environment[name] = value;
                }
            }
        }

        foreach (var (name, value) in spec.Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static async Task WriteInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the child exited without reading its input; its exit code tells the rest
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
