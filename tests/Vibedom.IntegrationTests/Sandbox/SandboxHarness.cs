using System.Globalization;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions;
using Vibedom.Runtimes;
using Vibedom.Runtimes.Namespace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>
/// A throw-away vibedom home, workspace and session for one sandbox test, with the runtime taken from the runtime catalog.
/// As root the runtime starts the sandbox itself; for <see cref="SandboxUser.Unprivileged"/> the catalog's runtimes start
/// it as uid 65534 (<see cref="RuntimeUser"/>), every file of the test handed to that uid first. Runs go through
/// <see cref="ISandboxRuntime"/> only.
/// </summary>
internal sealed class SandboxHarness : IDisposable
{
    public const int NobodyUid = 65534;

    private readonly TempDirectory _root = new("vibedom-it");

    /// <summary>The namespace runtime (for the claims only it makes: its helper, its host uid range, its lifecycle).</summary>
    public SandboxHarness(SandboxUser user)
        : this(RuntimeNames.Namespace, user)
    {
    }

    /// <summary>The namespace runtime on a host layout of the test's making (<paramref name="host"/> changes the probed one).</summary>
    public SandboxHarness(SandboxUser user, Func<HostLayout, HostLayout> host)
        : this(RuntimeNames.Namespace, user, host)
    {
    }

    public SandboxHarness(string runtime, SandboxUser user, Func<HostLayout, HostLayout>? host = null)
    {
        Prerequisite.Require(Prerequisite.IsRoot, "sandbox integration tests run as root (they also start sandboxes as uid 65534)");
        Prerequisite.RequireCommand("setpriv");
        if (runtime == RuntimeNames.Namespace)
        {
            Prerequisite.RequireCommand("bwrap");
            Prerequisite.Require(File.Exists(SandboxHelper.Path), $"vibedom-init helper missing at {SandboxHelper.Path} (needs gcc)");
        }

        User = user;
        File.SetUnixFileMode(_root.Path, (UnixFileMode)0b111_101_101);
        Workspace = Directory.CreateDirectory(_root.Combine("proj")).FullName;
        File.WriteAllText(System.IO.Path.Combine(Workspace, "README.md"), "original\n");
        Directory.CreateDirectory(System.IO.Path.Combine(Workspace, "src"));
        File.WriteAllText(System.IO.Path.Combine(Workspace, "src", "main.c"), "int main(void) { return 0; }\n");
        HostHome = Directory.CreateDirectory(_root.Combine("home")).FullName;
        Home = new VibedomHome(Path.Combine(HostHome, ".vibedom"));
        Store = new SessionStore(Home, TimeProvider.System);
        var catalog = user == SandboxUser.Root
            ? new RuntimeCatalog(Home, TimeProvider.System)
            : new RuntimeCatalog(Home, TimeProvider.System, new RuntimeUser(NobodyUid, NobodyUid, "nobody", HostHome));
        Runtime = host is null ? catalog.Get(runtime) : ((NamespaceRuntime)catalog.Get(runtime)).WithHost(host);
        Session = Store.Create(Workspace, "it", Runtime.Name, ["sh"], detached: false);
    }

    public SandboxUser User { get; }

    public string Workspace { get; }

    public string HostHome { get; }

    public VibedomHome Home { get; }

    public SessionStore Store { get; }

    public ISandboxRuntime Runtime { get; }

    /// <summary>Core's session service over this home, with this harness's runtime as its one runtime.</summary>
    public SessionService Sessions() => new(Home, TimeProvider.System, new OneRuntimeCatalog(Runtime));

    /// <summary>The namespace runtime's host layout (its claims only).</summary>
    public HostLayout Host => ((NamespaceRuntime)Runtime).Host;

    public Session Session { get; }

    /// <summary>Where the runtime reports the session's start and end: Core's session side, writing session.json and session.log.</summary>
    public ISandboxEvents Events => new SessionEvents(Session, TimeProvider.System);

    public string Changes => Session.Paths.Changes;

    /// <summary>
    /// The host uids the agent's new files may be owned by (never root): the starting account's for an unprivileged
    /// start; for a root start, the runtime's own range of unprivileged ids (a new runtime declares its range here).
    /// </summary>
    public (long First, long Last) AgentHostUids => User == SandboxUser.Unprivileged
        ? (NobodyUid, NobodyUid)
        : Runtime switch
        {
            NamespaceRuntime ns => (ns.Host.SandboxHostUid, (long)ns.Host.SandboxHostUid + ns.Host.SandboxHostIdCount - 1),
            _ => throw new InvalidOperationException($"declare the host uids of a root-started {Runtime.Name} sandbox in SandboxHarness.AgentHostUids"),
        };

    public string PathOf(params string[] parts) => _root.Combine(parts);

    public SandboxPlan Plan(IReadOnlyList<string> command, NetworkRoute? network = null, IReadOnlyList<string>? readOnlyMounts = null) => Runtime.Prepare(new SandboxRequest
    {
        ReadOnlyMounts = readOnlyMounts ?? [],
        SessionId = Session.Id,
        Workspace = Workspace,
        Command = command,
        ChangesDirectory = Session.Paths.Changes,
        OverlayWorkDirectory = Session.Paths.OverlayWork,
        Network = network,
    });

    /// <summary>Runs a shell script in a fresh sandbox; output captured.</summary>
    public Task<ProcessResult> ShAsync(string script, NetworkRoute? network = null, IReadOnlyList<string>? readOnlyMounts = null) =>
        RunAsync(["/bin/sh", "-c", script], network, readOnlyMounts);

    public Task<ProcessResult> RunAsync(IReadOnlyList<string> command, NetworkRoute? network = null, IReadOnlyList<string>? readOnlyMounts = null) =>
        RunPlanAsync(Plan(command, network, readOnlyMounts));

    /// <summary>Runs a plan through the runtime (output captured, at most <paramref name="timeout"/>, 30 s by default), the test's files first handed to the starting account.</summary>
    public async Task<ProcessResult> RunPlanAsync(SandboxPlan plan, TimeSpan? timeout = null)
    {
        await GiveToStarterAsync();
        return await Runtime.RunCapturedAsync(plan, Events, timeout: timeout ?? TimeSpan.FromSeconds(30), cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>Wraps a host command so that it runs as uid/gid 65534 with no supplementary groups.</summary>
    public static ProcessSpec AsNobody(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        new("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", fileName, .. arguments])
        {
            Environment = environment ?? new Dictionary<string, string>(),
            InheritBasicEnvironment = false,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Writes what the namespace runtime writes before start (for tests that start its argv themselves).</summary>
    public void WriteFiles(SandboxPlan plan)
    {
        var state = BwrapPlanner.StateDirectory(Host, plan.SessionId);
        Directory.CreateDirectory(state);
        foreach (var (path, content) in plan.LaunchAs<NamespaceLaunch>().Files)
        {
            File.WriteAllText(path, content);
        }

        var env = string.Concat(plan.Environment.Select(p => $"{p.Key}={p.Value}\0"));
        File.WriteAllText(System.IO.Path.Combine(state, "exec.env"), env);
    }

    /// <summary>For an unprivileged start, hands every file of the test to uid 65534 (as an ordinary user's own files are); as root, nothing.</summary>
    public Task GiveToStarterAsync() => User == SandboxUser.Unprivileged ? GiveToNobodyAsync() : Task.CompletedTask;

    public async Task GiveToNobodyAsync(string? path = null)
    {
        var id = NobodyUid.ToString(CultureInfo.InvariantCulture);
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("chown", "-R", $"{id}:{id}", path ?? _root.Path), TestContext.Current.CancellationToken);
    }

    public void Dispose() => _root.Dispose();
}
