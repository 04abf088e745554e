using System.Globalization;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Core.Sandbox;
using Vibedom.Core.Sessions;
using Vibedom.Runtimes.Namespace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>
/// A throw-away vibedom home, workspace and session for one sandbox test. As root the namespace
/// runtime runs the plan itself; for <see cref="SandboxUser.Unprivileged"/> every file is handed to
/// uid 65534 and the same plan (planned for an ordinary user) is started through setpriv.
/// </summary>
internal sealed class SandboxHarness : IDisposable
{
    public const int NobodyUid = 65534;

    private readonly TempDirectory _root = new("vibedom-it");

    public SandboxHarness(SandboxUser user)
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("setpriv");
        Prerequisite.Require(Prerequisite.IsRoot, "sandbox integration tests run as root (they also start sandboxes as uid 65534)");
        Prerequisite.Require(File.Exists(SandboxHelper.Path), $"vibedom-init helper missing at {SandboxHelper.Path} (needs gcc)");
        User = user;
        File.SetUnixFileMode(_root.Path, (UnixFileMode)0b111_101_101);
        Workspace = Directory.CreateDirectory(_root.Combine("proj")).FullName;
        File.WriteAllText(System.IO.Path.Combine(Workspace, "README.md"), "original\n");
        Directory.CreateDirectory(System.IO.Path.Combine(Workspace, "src"));
        File.WriteAllText(System.IO.Path.Combine(Workspace, "src", "main.c"), "int main(void) { return 0; }\n");
        HostHome = Directory.CreateDirectory(_root.Combine("home")).FullName;
        Home = new VibedomHome(Path.Combine(HostHome, ".vibedom"));
        Store = new SessionStore(Home, TimeProvider.System);
        var probed = HostProbe.Probe(Home);
        Host = user == SandboxUser.Root
            ? probed
            : probed with { IsRoot = false, UserName = "nobody", Home = HostHome };
        Runtime = new NamespaceRuntime(Home, TimeProvider.System, Host);
        Session = Store.Create(Workspace, "it", "namespace", ["sh"], detached: false);
    }

    public SandboxUser User { get; }

    public string Workspace { get; }

    public string HostHome { get; }

    public VibedomHome Home { get; }

    public SessionStore Store { get; }

    /// <summary>Core's session service over this home, with this harness's runtime as its one runtime.</summary>
    public SessionService Sessions() => new(Home, TimeProvider.System, new OneRuntimeCatalog(Runtime));

    public HostLayout Host { get; }

    public NamespaceRuntime Runtime { get; }

    public Session Session { get; }

    public string Changes => Session.Paths.Changes;

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

    public async Task<ProcessResult> RunAsync(IReadOnlyList<string> command, NetworkRoute? network = null, IReadOnlyList<string>? readOnlyMounts = null)
    {
        var plan = Plan(command, network, readOnlyMounts);
        if (User == SandboxUser.Root)
        {
            return await Runtime.RunCapturedAsync(plan, Session, timeout: TimeSpan.FromSeconds(30), cancellationToken: TestContext.Current.CancellationToken);
        }

        WriteFiles(plan);
        await GiveToNobodyAsync();
        return await ProcessRunner.Default.RunAsync(AsNobody(plan.FileName, plan.Arguments, plan.Environment), TestContext.Current.CancellationToken);
    }

    /// <summary>Wraps a host command so that it runs as uid/gid 65534 with no supplementary groups.</summary>
    public static ProcessSpec AsNobody(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        new("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", fileName, .. arguments])
        {
            Environment = environment ?? new Dictionary<string, string>(),
            InheritBasicEnvironment = false,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public void WriteFiles(SandboxPlan plan)
    {
        var state = BwrapPlanner.StateDirectory(Host, plan.SessionId);
        Directory.CreateDirectory(state);
        foreach (var (path, content) in plan.Files)
        {
            File.WriteAllText(path, content);
        }

        var env = string.Concat(plan.Environment.Select(p => $"{p.Key}={p.Value}\0"));
        File.WriteAllText(System.IO.Path.Combine(state, "exec.env"), env);
    }

    public async Task GiveToNobodyAsync(string? path = null)
    {
        var id = NobodyUid.ToString(CultureInfo.InvariantCulture);
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("chown", "-R", $"{id}:{id}", path ?? _root.Path), TestContext.Current.CancellationToken);
    }

    public void Dispose() => _root.Dispose();
}
