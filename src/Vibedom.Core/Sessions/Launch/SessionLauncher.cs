using Vibedom.Core.Agents;
using Vibedom.Core.Config;
using Vibedom.Core.Credentials;
using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Limits;
using Vibedom.Core.Processes;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sandbox.Commands;
using Vibedom.Core.Sandbox.Host;
using Vibedom.Core.Sessions.Network;
using Vibedom.Proxy.Credentials;
using Vibedom.Core.Ssh;
using Vibedom.Proxy.Tls;

using Vibedom.Core.Workspace;

namespace Vibedom.Core.Sessions.Launch;

/// <summary>
/// The run pipeline: check everything that can be checked before anything starts (config, workspace, runtime,
/// allowlist), then the session, its pre-flight scan and review, then the sandbox behind its helpers (the egress
/// proxy). The caller shows the summary and the review afterwards.
/// </summary>
/// <param name="notice">One-line notices for the user (stderr): a first-run initialisation, a proxy that failed.</param>
public sealed partial class SessionLauncher(VibedomHome home, TimeProvider time, SessionService sessions, IPreflightReviewer reviewer, Action<string> notice)
{
    /// <summary>The user cancelled at the pre-flight review (or pressed Ctrl-C there): the session is removed, not kept as cancelled.</summary>
    private bool preflightCancelled;

    /// <summary>The files the pre-flight found a secret in: the start store keeps no copy of them.</summary>
    private IReadOnlySet<string> flaggedFiles = new HashSet<string>();

    public async Task<LaunchResult> RunAsync(LaunchOptions options, CancellationToken cancellationToken)
    {
        // the rules (vibedom's + the user's; one compiled set for redaction and the pre-flight) compile in the background while the checks run
        var rules = Task.Run(() => SecretRedactor.Warm(home.RulesDirectory), cancellationToken);

        // 1. Everything that can fail on bad input fails here, before a session exists.
        var config = ConfigLoader.Load(home.ConfigFile);
        var userHome = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var workspace = WorkspacePath.Resolve(options.Workspace, Environment.CurrentDirectory, userHome, home.Root);
        if (config.MissingReadOnlyPaths(userHome).ToList() is { Count: > 0 } missing)
        {
            throw VibedomException.Config(missing);
        }

        var command = ResolveCommand(options.Command, config);
        var commandPlan = CommandResolver.Plan(command[0], CommandSearch.ForHost(Environment.GetEnvironmentVariable("PATH"), userHome, workspace, HostFiles.Instance), HostFiles.Instance);
        CommandPresence.Require(command[0], commandPlan, workspace, [SandboxPolicy.SandboxHome(userHome), .. SandboxPolicy.PrivateFolders, .. config.ReadOnlyPathsFor(userHome)], HostFiles.Instance); // a typo: exit 127 before the scan and the session
        var agent = new AgentSetup(AgentProfiles.Of(config).ForCommand(command[0], commandPlan.Executable));
        config = agent.Bind(config, Environment.GetEnvironmentVariable, notice); // its key: a sentinel inside
        var passed = PassedEnvironment(config);
        SecretRedactor.Remember(passed.Values);
        var credentials = SessionCredentials.Resolve(config); // unset: exit 2 before anything starts
        SecretRedactor.Remember(credentials.Select(c => c.Value));
        var runtime = sessions.Runtimes.Get(options.Runtime ?? config.Runtime ?? DefaultRuntime());
        runtime.EnsureAvailable(); // bubblewrap missing, user namespaces off: exit 3 with the fix, before the scan and the session
        await EnsureInitialisedAsync(cancellationToken).ConfigureAwait(false);
        SessionNetwork.Validate(home, config);
        agent = agent.Prepared(home, workspace, SandboxPolicy.SandboxHome(userHome), credentials); // a state path turned symlink: exit 2

        // 2. The session and its network folder (socket, CA bundle).
        var session = sessions.Create(workspace, options.Name ?? Path.GetFileName(workspace), runtime.Name, [], options.Detach);
        agent = PrivateState(session, agent); // another session holds the agent's state: a private copy, in this session's folder
        if (agent.ReviewIgnore.Count > 0 || agent.State is not null)
        {
            session.Update(r => r with { ReviewIgnore = agent.ReviewIgnore, AgentState = agent.State });
        }

        var network = SessionNetwork.Prepare(home, session.Id);
        var request = new SandboxRequest
        {
            SessionId = session.Id,
            Workspace = workspace,
            Command = command,
            ChangesDirectory = session.Paths.Changes,
            OverlayWorkDirectory = session.Paths.OverlayWork,
            Terminal = !options.Detach && options.AtTerminal ? SandboxTerminal.Pty : SandboxTerminal.Inherit,
            HiddenPaths = [home.Root],
            CommandPlan = commandPlan,
            StateMounts = agent.StateMounts,
            ReadOnlyMounts = config.ReadOnlyPathsFor(userHome),
            Network = network.Route,
            Environment = SandboxEnvironment(agent, passed, credentials), // the profile's settings; git over SSH through the proxy and the session's agent; credential sentinels
            Limits = ResourceLimits.ForThisMachine(config.Limits),
        };

        try
        {
            var code = options.Detach
                ? await StartDetachedAsync(runtime, session, request, options, credentials, agent, rules, cancellationToken).ConfigureAwait(false)
                : await RunForegroundAsync(runtime, session, request, options, config, network, credentials, agent, rules, cancellationToken).ConfigureAwait(false);
            return new LaunchResult(session, code, options.Detach);
        }
        catch (Exception e) when (session.Record.State is SessionState.Created or SessionState.Cancelled)
        {
            // failed before the sandbox started: nothing ran, and the session says why
            session.Log.Error($"Not started: {e.Message}");
            session.Update(r => r with { State = SessionState.Cancelled });
            network.Delete();
            if (preflightCancelled)
            {
                // the user said no before anything ran: no changes, nothing to review, so no session to list or prune
                // (its helpers have stopped: the foreground's in RunForegroundAsync, a detached host was never started)
                try
                {
                    TreeRemover.Delete(session.Paths.Directory);
                }
                catch (Exception removal) when (removal is IOException or UnauthorizedAccessException)
                {
                    // left as a cancelled session, which `sessions --prune` removes; the cancel is what the user sees
                }
            }

            throw;
        }
        finally
        {
            if (!options.Detach)
            {
                network.Delete();
                _ = agent.ClearSetId(notice); // the sandbox ended: no set-id file of its stays on the host
            }

            agent.Release(); // a detached session's host holds the shared state from here (it joined before the sandbox started)
        }
    }

    /// <summary><see cref="AgentSetup.Private"/>; a failure cancels the new session (nothing ran).</summary>
    private AgentSetup PrivateState(Session session, AgentSetup agent)
    {
        try
        {
            return agent.Private(session.Paths, notice);
        }
        catch (VibedomException e)
        {
            session.Log.Error($"Not started: {e.Message}");
            session.Update(r => r with { State = SessionState.Cancelled });
            throw;
        }
    }

    /// <summary>The session's first log lines, once redaction is ready (the rules compiled meanwhile).</summary>
    private static async Task LogCreatedAsync(Session session, SandboxRequest request, IReadOnlyList<ProxyCredential> credentials, AgentSetup agent, Task rules)
    {
        await rules.ConfigureAwait(false);
        session.Log.Milestone($"Session {session.Id} created for workspace {request.Workspace}");
        session.Update(r => r with { Command = SecretRedactor.Redact(request.Command), Name = SecretRedactor.Redact(r.Name) });
        if (request.CommandPlan.Executable is { } executable && !request.CommandPlan.IsEmpty)
        {
            var trees = request.CommandPlan.Trees.Count == 0 ? "nothing" : string.Join(", ", request.CommandPlan.Trees);
            session.Log.Info($"Command '{request.Command[0]}' found on the host at {executable}; shown read-only from the host: {trees}");
        }

        if (agent.Describe() is { } profile)
        {
            session.Log.Info(profile);
        }

        var passed = request.Environment.Keys.Where(k => !SshSandbox.IsOwnVariable(k) && !credentials.Any(c => c.Name == k) && !agent.Environment.ContainsKey(k)).ToList();
        if (passed.Count > 0)
        {
            session.Log.Info($"Host variables passed into the sandbox: {string.Join(", ", passed)}");
        }

        if (credentials.Count > 0)
        {
            session.Log.Info(SessionCredentials.Describe(credentials));
        }
    }

    /// <summary>
    /// Scan and review; cancel → nothing starts and the session is removed (exit 5): there is nothing in it to review.
    /// Returns the request with the files the user chose to hide from the agent.
    /// </summary>
    private async Task<SandboxRequest> PreflightAsync(Session session, SandboxRequest request, LaunchOptions options, CancellationToken cancellationToken)
    {
        var scan = await reviewer.FollowAsync(request.Workspace, progress =>
            PreflightScan.RunAsync(home, request.Workspace, options.IncludeVendored, progress, cancellationToken)).ConfigureAwait(false);
        PreflightChoice choice;
        try
        {
            choice = reviewer.Review(scan, options.Yes, options.AllowHighRisk, options.HideFlagged, session.Paths.PreflightJson, request.Workspace);
        }
        catch (VibedomException e) when (e.ExitCode == ExitCodes.Cancelled)
        {
            preflightCancelled = true; // Ctrl-C at the prompt
            throw;
        }

        flaggedFiles = scan.Findings.Select(f => f.File).ToHashSet(StringComparer.Ordinal);
        session.Log.Info($"Pre-flight scan: {scan.Findings.Count} finding(s) in {scan.FilesScanned} file(s); decision: {(!choice.Proceed ? "cancel" : choice.Hidden.Count > 0 ? "hide" : "continue")}");
        if (!choice.Proceed)
        {
            preflightCancelled = true;
            session.Update(r => r with { State = SessionState.Cancelled });
            throw VibedomException.Cancelled("cancelled at the pre-flight review; nothing was started");
        }

        if (ForeignOwners.Check(request.Workspace, cancellationToken) is { } foreign)
        {
            notice(foreign);
            session.Log.Warn(foreign);
        }

        // values found in the workspace are redacted from every later record: the command, session.log, network.jsonl
        SecretRedactor.RememberWorkspace(scan.SecretValues.Values); // and scrubbed by the proxy's DLP
        session.Update(r => r with { Command = SecretRedactor.Redact(request.Command), Name = SecretRedactor.Redact(r.Name) });
        if (choice.Hidden.Count == 0)
        {
            return request;
        }

        session.Log.Info($"Hidden from the agent (unreadable inside): {string.Join(", ", choice.Hidden)}");
        return request with { HiddenWorkspaceFiles = choice.Hidden };
    }

    private string DefaultRuntime() => sessions.Runtimes.All.Count > 0
        ? sessions.Runtimes.All[0].Name
        : throw VibedomException.Prerequisite("no sandbox runtime is available on this machine (run 'vibedom doctor')");

    /// <summary>The sandbox's added variables: the profile's settings, then git's, the passed ones and the sentinels (each later one wins).</summary>
    private static Dictionary<string, string> SandboxEnvironment(AgentSetup agent, Dictionary<string, string> passed, IReadOnlyList<ProxyCredential> credentials)
    {
        var environment = new Dictionary<string, string>(agent.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in SshSandbox.Variables.Concat(passed).Concat(SessionCredentials.SandboxVariables(credentials)))
        {
            environment[name] = value;
        }

        return environment;
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
        if (File.Exists(home.TrustedDomainsFile) && File.Exists(home.DeployKey))
        {
            return;
        }

        var report = await new HomeInitializer(home, ProcessRunner.Default)
            .InitializeAsync(Environment.MachineName, (certificate, _) => CertificateAuthority.EnsureCreated(Path.GetDirectoryName(certificate)!, time), cancellationToken)
            .ConfigureAwait(false);
        if (!report.ChangedNothing)
        {
            notice($"initialised {home.Root} (first run)");
        }
    }
}
