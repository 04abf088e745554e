using System.Globalization;
using System.Text;
using Vibedom.Core.Sandbox;

namespace Vibedom.Runtimes.Namespace;

/// <summary>
/// Live state of one session on the host, under <c>~/.vibedom/run/SESSION-ID/</c> (0700, never
/// visible inside): generated files, the detached supervisor's output and exit code, and what
/// <c>exec</c> needs (the sandbox environment, NUL-separated). Removed when the session ends. Owned by the account that
/// starts the sandbox (<paramref name="owner"/>; null: this process's).
/// </summary>
internal sealed class RunState(string directory, RuntimeUser? owner = null)
{
    public string Directory { get; } = directory;

    public string ExitCodeFile => Path.Combine(Directory, "exit-code");

    public string OutputLog => Path.Combine(Directory, "output.log");

    public string StartErrorFile => Path.Combine(Directory, BwrapPlanner.StartErrorFileName);

    public string ExecEnvironment => Path.Combine(Directory, "exec.env");

    /// <summary>The session's limits and cgroup folders (<see cref="Cgroups.SessionLimits"/>), to remove them after a crash.</summary>
    public string LimitsFile => Path.Combine(Directory, "limits");

    public void Create(SandboxPlan plan)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Directory)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Delete(ExitCodeFile);
        File.Delete(StartErrorFile);
        foreach (var (path, content) in plan.LaunchAs<NamespaceLaunch>().Files)
        {
            File.WriteAllText(path, content);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var env = new StringBuilder();
        foreach (var (name, value) in plan.Environment)
        {
            env.Append(name).Append('=').Append(value).Append('\0');
        }

        File.WriteAllText(ExecEnvironment, env.ToString());
        File.SetUnixFileMode(ExecEnvironment, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (owner is not null)
        {
            foreach (var path in new[] { Path.GetDirectoryName(Directory)!, Directory, ExecEnvironment }.Concat(plan.LaunchAs<NamespaceLaunch>().Files.Keys))
            {
                Posix.Chown(path, owner.Uid, owner.Gid);
            }
        }
    }

    /// <summary>
    /// A copy of exec.env for one exec at a terminal, with the caller's TERM and COLORTERM (the session may have been
    /// started from a script or another terminal); 0600, the caller deletes it when the exec ends.
    /// </summary>
    public string ExecEnvironmentWithTerminal(int execId)
    {
        var path = Path.Combine(Directory, $"exec-{execId.ToString(CultureInfo.InvariantCulture)}.env");
        var caller = new[] { "TERM", "COLORTERM" }
            .Select(name => (Name: name, Value: Environment.GetEnvironmentVariable(name)))
            .Where(v => !string.IsNullOrEmpty(v.Value) && !v.Value.Contains('\0', StringComparison.Ordinal))
            .ToList();
        var kept = File.ReadAllText(ExecEnvironment).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !caller.Any(v => line.StartsWith(v.Name + "=", StringComparison.Ordinal)));
        var env = new StringBuilder();
        foreach (var line in kept.Concat(caller.Select(v => $"{v.Name}={v.Value}")))
        {
            env.Append(line).Append('\0');
        }

        File.WriteAllText(path, string.Empty);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, env.ToString());
        return path;
    }

    public int? ReadExitCode()
    {
        try
        {
            return int.TryParse(File.ReadAllText(ExitCodeFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Why the sandbox could not be built (written by the helper), with bwrap's own line when it was
    /// captured in <paramref name="output"/> or the detached output.log; null when it started.
    /// </summary>
    public string? ReadStartError(string? output = null)
    {
        string reason;
        try
        {
            if (!File.Exists(StartErrorFile))
            {
                return null;
            }

            reason = File.ReadAllText(StartErrorFile).Trim();
            output ??= File.Exists(OutputLog) ? File.ReadAllText(OutputLog) : string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var bwrap = output.Split('\n').FirstOrDefault(l => l.StartsWith("bwrap: ", StringComparison.Ordinal));
        return bwrap is null ? reason : $"{reason}: {bwrap["bwrap: ".Length..].Trim()}";
    }

    public void Delete()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: the next CleanupOrphans tries again
        }
    }
}
