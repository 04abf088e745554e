namespace Vibedom.Scanning.Dlp;

/// <summary>What DLP does with a class of value. The proxy maps <c>scrub</c> to Replace, <c>log</c> and <c>block</c> to Report.</summary>
public enum DlpAction
{
    /// <summary>Not looked for.</summary>
    Off,

    /// <summary>Found and reported (<see cref="DlpHit"/>); the bytes pass unchanged.</summary>
    Report,

    /// <summary>Found, reported, and replaced by <c>[REDACTED_&lt;RULE_ID&gt;]</c>.</summary>
    Replace,
}
