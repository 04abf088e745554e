namespace Vibedom.Proxy.Dlp;

/// <summary><c>[dlp] secrets</c> and <c>[dlp] pii</c>: what happens to a request that carries one of the class's values.</summary>
public enum DlpMode
{
    /// <summary>Each value is replaced by <c>[REDACTED_&lt;RULE&gt;]</c> and the request goes on (the default).</summary>
    Scrub,

    /// <summary>The request is refused (403 naming the rule); nothing is sent upstream.</summary>
    Block,

    /// <summary>The request is forwarded unchanged; what was found is audited.</summary>
    Log,

    /// <summary>Not looked for.</summary>
    Off,
}
