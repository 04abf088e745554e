namespace Vibedom.Proxy.Dlp;

/// <summary><c>[dlp] responses</c>: what happens to values found in response headers, trailers, reason phrases and text-like bodies.</summary>
public enum DlpResponseMode
{
    /// <summary>Replaced before the agent reads them (the default).</summary>
    Scrub,

    /// <summary>Relayed unchanged, audited.</summary>
    Log,

    /// <summary>Responses are not looked at.</summary>
    Off,
}
