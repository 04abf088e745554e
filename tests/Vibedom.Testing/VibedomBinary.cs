using Vibedom.Core.Processes;

namespace Vibedom.Testing;

/// <summary>
/// The one runner of the real, built `vibedom` executable (copied beside every test assembly that references
/// Vibedom.Cli): a child process with its own VIBEDOM_HOME,
/// exactly as a user would (no in-process shortcuts).
/// </summary>
public sealed class VibedomBinary : IDisposable
{
    private readonly TempDirectory _root = new("vibedom-e2e");

    public VibedomBinary()
    {
        Home = _root.Combine("home");
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(_root.Combine("user-home"));
    }

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "vibedom");

    public string Home { get; }

    public string Root => _root.Path;

    /// <summary>A fresh workspace folder with the given files (relative path → content).</summary>
    public string Workspace(string name, params (string Path, string Content)[] files)
    {
        var workspace = _root.Combine("projects", name);
        Directory.CreateDirectory(workspace);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(workspace, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return workspace;
    }

    public Task<ProcessResult> RunAsync(params string[] args) => RunAsync(args, input: null);

    /// <summary>
    /// The one way the tests run the binary: this home's <see cref="Environment"/> (or <paramref name="environment"/>,
    /// usually <see cref="Environment"/> with a change), no stdin unless <paramref name="input"/>, a bounded time.
    /// </summary>
    public async Task<ProcessResult> RunAsync(IReadOnlyList<string> args, string? input, string? workingDirectory = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var spec = new ProcessSpec(Executable, args)
        {
            Environment = environment ?? Environment(),
            StandardInput = input,
            WorkingDirectory = workingDirectory ?? Root,
            Timeout = timeout ?? TimeSpan.FromSeconds(90),
        };
        return await ProcessRunner.Default.RunAsync(spec).ConfigureAwait(false);
    }

    /// <summary>Hands the whole test folder (home, workspaces) to uid/gid 65534, for runs as an ordinary user.</summary>
    public async Task GiveToNobodyAsync() =>
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("chown", "-R", "65534:65534", Root)).ConfigureAwait(false);

    /// <summary>Runs vibedom as uid/gid 65534 (no supplementary groups) through setpriv, as an ordinary user would (in this home's <see cref="Environment"/>, or <paramref name="environment"/>).</summary>
    public async Task<ProcessResult> RunAsNobodyAsync(IReadOnlyList<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        Prerequisite.RequireCommand("setpriv");
        var spec = new ProcessSpec("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", Executable, .. args])
        {
            Environment = environment ?? Environment(),
            InheritBasicEnvironment = false,
            StandardInput = string.Empty,
            WorkingDirectory = workingDirectory ?? Root,
            Timeout = TimeSpan.FromSeconds(90),
        };
        return await ProcessRunner.Default.RunAsync(spec).ConfigureAwait(false);
    }

    /// <summary>Runs vibedom under a real pseudo-terminal (util-linux `script`), as a person at a terminal would.</summary>
    public async Task<ProcessResult> RunInTerminalAsync(string commandLine, string? input = null, TimeSpan? timeout = null)
    {
        Prerequisite.RequireCommand("script");
        var spec = new ProcessSpec("script", ["-qefc", commandLine, "/dev/null"])
        {
            Environment = Environment(),
            StandardInput = input,
            WorkingDirectory = Root,
            Timeout = timeout ?? TimeSpan.FromSeconds(90),
        };
        return await ProcessRunner.Default.RunAsync(spec).ConfigureAwait(false);
    }

    public Dictionary<string, string> Environment() => new()
    {
        ["VIBEDOM_HOME"] = Home,
        ["HOME"] = _root.Combine("user-home"),
        ["SHELL"] = "/bin/bash",
        ["TERM"] = "xterm",
        ["NO_COLOR"] = "1",
        ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    public void Dispose() => _root.Dispose();
}
