using Vibedom.Proxy.Exchanges;
using Vibedom.Proxy.Logging;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// Everything the egress proxy needs to start. At least one of <see cref="UnixSocketPath"/>
/// and <see cref="LoopbackPort"/> must be set.
/// </summary>
public sealed record ProxyOptions
{
    /// <summary>Unix socket to listen on (made 0666; the sandbox sees its directory read-only). Null: none.</summary>
    public string? UnixSocketPath { get; init; }

    /// <summary>A listening socket's descriptor Kestrel takes over (see <see cref="EgressProxy.StartOnFirstConnectionAsync"/>).</summary>
    internal ulong? ListenHandle { get; init; }

    /// <summary>Where <see cref="ListenHandle"/> listens, for the start-up message (the handle itself has no name).</summary>
    internal string? ListenHandlePath { get; init; }

    /// <summary>TCP port on 127.0.0.1 (0 = any free port; the handle tells which). Null: no TCP listener.</summary>
    public int? LoopbackPort { get; init; }

    /// <summary><c>trusted_domains.txt</c>; reloaded when it changes if <see cref="WatchAllowlist"/>.</summary>
    public required string AllowlistPath { get; init; }

    public bool WatchAllowlist { get; init; } = true;

    /// <summary>
    /// Allowlist entries for this session only, on top of <see cref="AllowlistPath"/> (an agent profile's hosts), named by
    /// <see cref="SessionAllowlistOrigin"/> in the log; same syntax as the file, checked at start.
    /// </summary>
    public IReadOnlyList<string> SessionAllowlist { get; init; } = [];

    /// <summary>What <see cref="SessionAllowlist"/> came from (e.g. <c>agent profile claude</c>), in network.jsonl's reasons.</summary>
    public string SessionAllowlistOrigin { get; init; } = "session";

    /// <summary><c>[network] upstream_ca</c>: PEM files with CAs trusted for upstream servers besides the host store.</summary>
    public IReadOnlyList<string> UpstreamCaFiles { get; init; } = [];

    /// <summary><c>[network] allow_private</c>: CIDR ranges an allowed name may resolve to although private.</summary>
    public IReadOnlyList<string> AllowPrivate { get; init; } = [];

    /// <summary><c>[network.hosts]</c>: name → <c>ip</c> or <c>ip:port</c> to connect to instead of resolving.</summary>
    public IReadOnlyDictionary<string, string> Hosts { get; init; } = new Dictionary<string, string>();

    /// <summary>The interception CA (<c>~/.vibedom/ca/ca.crt</c>, PEM).</summary>
    public required string CaCertificatePath { get; init; }

    /// <summary>The interception CA's private key (<c>~/.vibedom/ca/ca.key</c>, PEM).</summary>
    public required string CaKeyPath { get; init; }

    /// <summary>The session's <c>network.jsonl</c> (appended).</summary>
    public required string NetworkLogPath { get; init; }

    /// <summary>
    /// <c>[limits] network_log</c>: the size <see cref="NetworkLogPath"/> never exceeds by more than one line. At seven
    /// eighths of it the proxy refuses every new exchange (503 <c>audit-log-full</c>); the rest is kept for the lines
    /// of exchanges already forwarded.
    /// </summary>
    public long NetworkLogLimit { get; init; } = DefaultNetworkLogLimit;

    /// <summary>512 MiB: about two million lines, years of an honest agent's requests.</summary>
    public const long DefaultNetworkLogLimit = 512L * 1024 * 1024;

    /// <summary>
    /// <c>[limits] connections</c>: connections to the proxy open at once, and requests under way at once (HTTP/2 streams and
    /// requests inside tunnels each count), each at most this; past it a new one is refused (503 <c>connection-limit</c>)
    /// until one ends.
    /// </summary>
    public int ConnectionLimit { get; init; } = DefaultConnectionLimit;

    /// <summary>256: real clients open tens at once (npm 15 sockets, pip 10, uv 50 downloads, cargo 2 HTTP/2 connections).</summary>
    public const int DefaultConnectionLimit = OpenLimit.Default;

    /// <summary>
    /// Values that must never be recorded (the pre-flight scan's, the passed host variables'), redacted from
    /// every line and reason besides what the rules find. Values may be added while the proxy runs.
    /// </summary>
    public Vibedom.Scanning.Redaction.KnownSecrets? KnownSecrets { get; init; }

    /// <summary>
    /// <c>[[credentials]]</c>: each host variable's real value, the per-session sentinel the sandbox holds instead, and
    /// the hosts whose requests get the real value (the proxy's last request transform swaps it in; its last response
    /// transform swaps an echo back). DLP runs before the swap and sees sentinels only: it must leave each
    /// <see cref="Credentials.ProxyCredential.Sentinel"/> alone (not scrub, not report, not block), whatever rule it resembles.
    /// </summary>
    public IReadOnlyList<Credentials.ProxyCredential> Credentials { get; init; } = [];

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// An OpenSSH known_hosts file: a raw tunnel whose server speaks SSH is closed unless the host key it shows is
    /// listed there for the CONNECT host (port 22 must speak SSH). Null: raw tunnels are not checked.
    /// </summary>
    public string? SshKnownHostsPath { get; init; }

    /// <summary>
    /// Where the proxy's own diagnostics go: "network log failed, egress refused", "allowlist reload failed",
    /// upstream TLS failures, allowlist reloads (<see cref="ProxyDiagnostic"/>). The one place to plug a session's
    /// log in: <c>Diagnostics = ProxyDiagnostics.To(sessionLog.Write)</c>. Null: nowhere (nothing is formatted).
    /// </summary>
    public IProxyDiagnostics? Diagnostics { get; init; }

    /// <summary>
    /// <c>[dlp]</c>: secrets and PII scrubbed (or blocked, or logged) in requests and text-like responses, right
    /// after the policy stages. Null: no DLP (a session always sets it; some tests leave it out).
    /// </summary>
    public Dlp.DlpSettings? Dlp { get; init; }

    /// <summary>
    /// Request transforms run after the egress policy's stages and DLP, in order (credential injection goes here;
    /// tests add their own).
    /// </summary>
    internal IReadOnlyList<IRequestTransform> RequestTransforms { get; init; } = [];

    /// <summary>Response transforms, in order, applied once the upstream's status and headers arrived.</summary>
    internal IReadOnlyList<IResponseTransform> ResponseTransforms { get; init; } = [];

    /// <summary>How much text the proxy's diagnostics may pass to <see cref="Diagnostics"/> in all (tests lower it).</summary>
    internal long DiagnosticsLimit { get; init; } = DiagnosticsBudget.DefaultLimit;

    /// <summary>The largest WebSocket message relayed; a larger one closes the connection with 1009 (tests lower it).</summary>
    internal long WebSocketMessageLimit { get; init; } = WebSockets.WebSocketRelay.DefaultMessageLimit;

    /// <summary>
    /// How long a relayed WebSocket's side may send nothing: pinged by the relay after half of it, the connection closed
    /// (1001) after all of it; also how long a connection must have carried no message to yield its place to a new
    /// one when all are taken (tests lower it to seconds).
    /// </summary>
    internal TimeSpan WebSocketIdleTimeout { get; init; } = WebSockets.WebSocketRelay.DefaultIdleTimeout;
}
