using System.Diagnostics;
using System.Globalization;
using Vibedom.Core.Home;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions;
using Vibedom.Runtimes.Namespace;

// SandboxBench SCRATCH plan [--network]   writes SCRATCH/plan.argv (shell-quoted line) for hyperfine, after writing the plan's files
// SandboxBench SCRATCH raw N              runs the plan N times through ProcessRunner, no session bookkeeping
// SandboxBench SCRATCH spawn N            runs `true` N times through ProcessRunner (the .NET spawn floor); prints median/min/max ms
// SandboxBench SCRATCH loop N [--network] runs `true` N times through NamespaceRuntime.RunCapturedAsync; prints median/min/max ms
// SandboxBench SCRATCH pieces             times the bookkeeping steps one by one (diagnostic)
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: SandboxBench SCRATCH plan|loop [N] [--network]");
    return 2;
}

var scratch = Path.GetFullPath(args[0]);
var network = args.Contains("--network");
var home = new VibedomHome(Path.Combine(scratch, "home"));
var time = TimeProvider.System;
var workspace = Directory.CreateDirectory(Path.Combine(scratch, "workspace")).FullName;
File.WriteAllText(Path.Combine(workspace, "README.md"), "bench\n");
var netDir = Directory.CreateDirectory(Path.Combine(scratch, "net")).FullName;
var runtime = new NamespaceRuntime(home, time);
var session = new SessionStore(home, time).Create(workspace, "bench", runtime.Name, ["true"], detached: false);
var plan = runtime.Prepare(new SandboxRequest
{
    SessionId = session.Id,
    Workspace = workspace,
    Command = ["true"],
    ChangesDirectory = session.Paths.Changes,
    OverlayWorkDirectory = session.Paths.OverlayWork,
    Network = network ? NetworkRoute.UnixSocket(netDir) : null,
});

switch (args[1])
{
    case "plan":
    {
        var state = Path.Combine(home.RunDirectory, session.Id);
        Directory.CreateDirectory(state);
        foreach (var (path, content) in plan.LaunchAs<NamespaceLaunch>().Files)
        {
            File.WriteAllText(path, content);
        }

        var line = string.Join(' ', plan.LaunchAs<NamespaceLaunch>().Arguments.Prepend(plan.LaunchAs<NamespaceLaunch>().FileName).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        File.WriteAllText(Path.Combine(scratch, network ? "plan-net.argv" : "plan.argv"), line + "\n");
        return 0;
    }

    case "spawn" or "raw":
    {
        var n = int.Parse(args[2], CultureInfo.InvariantCulture);
        var samples = new List<double>();
        var state = Path.Combine(home.RunDirectory, session.Id);
        Directory.CreateDirectory(state);
        foreach (var (path, content) in plan.LaunchAs<NamespaceLaunch>().Files)
        {
            File.WriteAllText(path, content);
        }

        var spec = args[1] == "spawn"
            ? Vibedom.Core.Processes.ProcessSpec.Of("true")
            : new Vibedom.Core.Processes.ProcessSpec(plan.LaunchAs<NamespaceLaunch>().FileName, plan.LaunchAs<NamespaceLaunch>().Arguments) { Environment = plan.Environment, InheritBasicEnvironment = false };
        for (var i = 0; i < n + 3; i++)
        {
            var watch = Stopwatch.StartNew();
            await Vibedom.Core.Processes.ProcessRunner.Default.RunAsync(spec).ConfigureAwait(false);
            watch.Stop();
            if (i >= 3)
            {
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{samples.Order().ElementAt(samples.Count / 2):0.00} {samples.Min():0.00} {samples.Max():0.00}"));
        return 0;
    }

    case "loop":
    {
        var n = int.Parse(args[2], CultureInfo.InvariantCulture);
        var samples = new List<double>();
        for (var i = 0; i < n + 3; i++)
        {
            var watch = Stopwatch.StartNew();
            var result = await runtime.RunCapturedAsync(plan, new SessionEvents(session, time)).ConfigureAwait(false);
            watch.Stop();
            if (!result.Succeeded)
            {
                Console.Error.WriteLine($"sandbox failed: {result.FirstErrorLine}");
                return 1;
            }

            if (i >= 3)
            {
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{samples.Order().ElementAt(samples.Count / 2):0.00} {samples.Min():0.00} {samples.Max():0.00}"));
        return 0;
    }

    case "pieces":
    {
        void Time(string name, Action action)
        {
            action();
            var w = Stopwatch.StartNew();
            for (var i = 0; i < 50; i++)
            {
                action();
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-20} {w.Elapsed.TotalMilliseconds / 50:0.000} ms"));
        }

        Time("EnsureAvailable", runtime.EnsureAvailable);
        Time("session.Update", () => session.Update(r => r with { ExitCode = 1 }));
        Time("session.Reload", session.Reload);
        Time("session.Log.Info", () => session.Log.Info("x"));
        Time("ProcFs.StartTicks", () => ProcFs.StartTicks(Environment.ProcessId));
        Time("FindSandboxInit", () => ProcFs.FindSandboxInit(Environment.ProcessId));
        return 0;
    }

    default:
        Console.Error.WriteLine($"unknown mode {args[1]}");
        return 2;
}
