using Spectre.Console;
using Vibedom.Cli.Commands;
using Vibedom.Cli.Rendering;
using Vibedom.Cli.Review;
using Vibedom.Core.Config;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Limits;
using Vibedom.Core.Processes;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions;
using Vibedom.Core.Sessions.Network;
using Vibedom.Core.Workspace;
using Vibedom.Proxy.Hosting;

namespace Vibedom.Cli.Sessions;

/// <summary>
/// The run pipeline: check everything that can be checked before anything starts (config, workspace,
/// runtime, allowlist), then the session, its pre-flight scan and review, then the sandbox behind
/// the egress proxy, then the review of what the agent changed.
/// </summary>
internal sealed class SessionLauncher(CliContext context)
{
    public async Task<int> RunAsync(RunOptions options, CancellationToken cancellationToken)
    {
        // the detector's rules (redaction, pre-flight) compile in the background while the checks run
        var rules = Task.Run(SecretRedactor.Warm, cancellationToken);

        // 1. Everything that can fail on bad input fails here, before a session exists.
        var config = ConfigLoader.Load(context.Home.ConfigFile);
        var userHome = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var workspace = WorkspacePath.Resolve(options.Workspace, Environment.CurrentDirectory, userHome, context.Home.Root);
        var command = ResolveCommand(options.Command, config);
        var passed = PassedEnvironment(config);
        SecretRedactor.Remember(passed.Values);
        var runtime = RuntimeCatalog.Create(context, options.Runtime, config);
        await EnsureInitialisedAsync(cancellationToken).ConfigureAwait(false);
        SessionNetwork.Validate(context.Home, config);

        // 2. The session and its network folder (socket, CA bundle).
        var name = options.Name ?? Path.GetFileName(workspace);
        var session = context.Sessions.Create(workspace, name, runtime.Name, [], options.Detach);
        var network = SessionNetwork.Prepare(context.Home, session.Id);
        var proxy = options.Detach ? null : Task.Run(() => EgressProxy.StartOnFirstConnectionAsync(network.ProxyOptions(context.Home, config, session, context.Time), cancellationToken), cancellationToken);
        await rules.ConfigureAwait(false);
        session.Log.Info($"Session {session.Id} created for workspace {workspace}");
        session.Update(r => r with { Command = SecretRedactor.Redact(command), Name = SecretRedactor.Redact(r.Name) });
        if (passed.Count > 0)
        {
            session.Log.Info($"Host variables passed into the sandbox: {string.Join(", ", passed.Keys)}");
        }

        var request = new SandboxRequest
        {
            SessionId = session.Id,
            Workspace = workspace,
            Command = command,
            ChangesDirectory = session.Paths.Changes,
            OverlayWorkDirectory = session.Paths.OverlayWork,
            Terminal = !options.Detach && context.Interactive ? SandboxTerminal.Pty : SandboxTerminal.Inherit,
            HiddenPaths = [context.Home.Root],
            ReadOnlyMounts = config.ReadOnlyPaths.Select(p => p.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(userHome, p[2..]) : p).ToList(),
            Network = network.Route,
            Environment = passed,
            Limits = ResourceLimits.ForThisMachine(config.Limits),
        };

        try
        {
            return options.Detach
                ? await StartDetachedAsync(runtime, session, request, options, cancellationToken).ConfigureAwait(false)
                : await RunForegroundAsync(runtime, session, request, proxy!, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (session.Record.State is SessionState.Created or SessionState.Cancelled)
        {
            // failed before the sandbox started: nothing ran, and the session says why
            session.Log.Error($"Not started: {e.Message}");
            session.Update(r => r with { State = SessionState.Cancelled });
            network.Delete();
            throw;
        }
        finally
        {
            if (!options.Detach)
            {
                network.Delete();
            }
        }
    }

    /// <summary>The proxy (started in this process while the pre-flight scan runs) is the sandbox's one route.</summary>
    private async Task<int> RunForegroundAsync(
        ISandboxRuntime runtime, Session session, SandboxRequest request, Task<ProxyHandle> starting, RunOptions options, CancellationToken cancellationToken)
    {
        ProxyHandle? proxy = null;
        int code;
        try
        {
            await PreflightAsync(session, request, options, cancellationToken).ConfigureAwait(false);
            proxy = await starting.ConfigureAwait(false);
            session.Log.Info($"Egress proxy listening on {proxy.UnixSocketPath} (allowlist {context.Home.TrustedDomainsFile}; it starts at the first connection)");

            // the manifest (conflict detection at apply) is taken while the sandbox starts:
            // the sandbox cannot change the workspace, so nothing it does can race it
            var manifest = SessionWorkspace.CaptureManifestAsync(session, cancellationToken);
            var run = runtime.RunAsync(runtime.Prepare(request), session, cancellationToken);
            await manifest.ConfigureAwait(false);
            code = await run.ConfigureAwait(false);
        }
        finally
        {
            proxy ??= await StoppedOrNullAsync(starting).ConfigureAwait(false);
            if (proxy is not null)
            {
                await StopProxyAsync(session, proxy).ConfigureAwait(false);
            }
        }

        // A one-screen summary; on a terminal, the review right away (as `stop` does). The exit
        // status stays the command's (DESIGN §2); the review reports its own outcome on screen.
        session.Reload();
        if (ExitStatusText.Signal(code) is not null)
        {
            context.Console.WriteLine($"the agent {ExitStatusText.Describe(code)}");
        }

        new ReviewFlow(context).Run(session, ReviewChoice.Ask, cancellationToken);
        return code;
    }

    /// <summary>The proxy lives in a background `vibedom __proxy-host` process as long as the sandbox does.</summary>
    private async Task<int> StartDetachedAsync(ISandboxRuntime runtime, Session session, SandboxRequest request, RunOptions options, CancellationToken cancellationToken)
    {
        await PreflightAsync(session, request, options, cancellationToken).ConfigureAwait(false);
        SessionWorkspace.CaptureManifest(session, cancellationToken);
        await ProxyHost.StartDetachedAsync(context, session, cancellationToken).ConfigureAwait(false);
        await runtime.StartDetachedAsync(runtime.Prepare(request), session, cancellationToken).ConfigureAwait(false);
        context.Console.MarkupLineInterpolated($"Session [bold]{session.Id}[/] ({TerminalText.Escape(session.Record.Name)}) is running in the background.");
        context.Console.MarkupLineInterpolated($"  vibedom attach {session.Id}    vibedom exec {session.Id} -- CMD    vibedom stop {session.Id}");
        return 0;
    }

    /// <summary>Scan and review; cancel → the session is marked cancelled and nothing starts (exit 5).</summary>
    private async Task PreflightAsync(Session session, SandboxRequest request, RunOptions options, CancellationToken cancellationToken)
    {
        var (decision, scan) = await PreflightReview.ScanAndReviewAsync(
            context, session.Record.Workspace, options.Yes, options.AllowHighRisk, session.Paths.PreflightJson, cancellationToken, options.IncludeVendored).ConfigureAwait(false);
        session.Log.Info($"Pre-flight scan: {scan.Findings.Count} finding(s) in {scan.FilesScanned} file(s); decision: {decision.ToString().ToLowerInvariant()}");
        if (decision == PreflightDecision.Cancel)
        {
            session.Update(r => r with { State = SessionState.Cancelled });
            throw VibedomException.Cancelled("cancelled at the pre-flight review; nothing was started");
        }

        // values found in the workspace are redacted from every later record: the command, session.log, network.jsonl
        SecretRedactor.Remember(scan.SecretValues.Values);
        session.Update(r => r with { Command = SecretRedactor.Redact(request.Command), Name = SecretRedactor.Redact(r.Name) });
    }

    /// <summary>A network.jsonl that could not be written (a full disk) refused egress from then on; the session still ends with its review.</summary>
    private async Task StopProxyAsync(Session session, ProxyHandle proxy)
    {
        try
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
            session.Log.Info("Egress proxy stopped");
        }
        catch (IOException e)
        {
            context.Error.WriteLine($"vibedom: {e.Message}; every request from then on was refused");
            session.Log.Error($"Egress proxy stopped: {e.Message}; every request from then on was refused");
        }
    }

    private static async Task<ProxyHandle?> StoppedOrNullAsync(Task<ProxyHandle> starting)
    {
        try
        {
            return await starting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null; // its failure was (or will be) reported where it was awaited
        }
    }

    /// <summary>[run] env: the named host variables that are set (a missing one is simply not passed).</summary>
    private static Dictionary<string, string> PassedEnvironment(VibedomConfig config) =>
        config.PassEnvironment
            .Select(name => (name, value: Environment.GetEnvironmentVariable(name)))
            .Where(p => !string.IsNullOrEmpty(p.value))
            .ToDictionary(p => p.name, p => p.value!, StringComparer.Ordinal);

    private static IReadOnlyList<string> ResolveCommand(IReadOnlyList<string> given, VibedomConfig config)
    {
        if (given.Count > 0)
        {
            return given;
        }

        if (config.DefaultCommand.Count > 0)
        {
            return config.DefaultCommand;
        }

        var shell = Environment.GetEnvironmentVariable("SHELL");
        return [string.IsNullOrWhiteSpace(shell) ? "/bin/sh" : shell];
    }

    /// <summary>A first `run` on a machine without `init` initialises ~/.vibedom quietly, saying so in one line.</summary>
    private async Task EnsureInitialisedAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(context.Home.TrustedDomainsFile) && File.Exists(context.Home.DeployKey))
        {
            return;
        }

        var report = await new HomeInitializer(context.Home, ProcessRunner.Default)
            .InitializeAsync(Environment.MachineName, CaFactory.Create(context.Time), cancellationToken).ConfigureAwait(false);
        if (!report.ChangedNothing)
        {
            context.Error.WriteLine($"vibedom: initialised {context.Home.Root} (first run)");
        }
    }
}
