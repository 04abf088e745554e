using Vibedom.Scanning.Redaction;

namespace Vibedom.Proxy.Dlp;

/// <summary>
/// The <c>[dlp]</c> table of config.toml, plus the workspace's own secret values (the pre-flight scan's, kept in
/// memory only). <see cref="ExactValues"/> is read when the proxy's web host starts (at the first connection of a
/// deferred start, after the pre-flight scan); values passed through <c>[run] env</c> do not belong in it.
/// </summary>
public sealed record DlpSettings
{
    public static DlpSettings Default { get; } = new();

    public DlpMode Secrets { get; init; } = DlpMode.Scrub;

    public DlpMode Pii { get; init; } = DlpMode.Scrub;

    public DlpResponseMode Responses { get; init; } = DlpResponseMode.Scrub;

    /// <summary><c>[dlp] websockets</c>: relay upgrades to allowed hosts with DLP per message (the default), or refuse them (426).</summary>
    public WebSockets.WebSocketMode WebSockets { get; init; } = Vibedom.Proxy.WebSockets.WebSocketMode.Relay;

    /// <summary>The pre-flight scan's values: scrubbed as the rule <c>preflight</c> wherever they appear, bare or encoded.</summary>
    public KnownSecrets? ExactValues { get; init; }

    /// <summary>True when nothing is looked for in either direction.</summary>
    public bool IsOff => Secrets == DlpMode.Off && Pii == DlpMode.Off;

    /// <summary>The config words of a mode, as the user writes them.</summary>
    public static string Word(DlpMode mode) => mode.ToString().ToLowerInvariant();

    public static string Word(DlpResponseMode mode) => mode.ToString().ToLowerInvariant();

    public static string Word(WebSockets.WebSocketMode mode) => mode.ToString().ToLowerInvariant();
}
