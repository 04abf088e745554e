namespace Vibedom.Proxy.Policy;

/// <summary>
/// What a stage decided. <see cref="Rule"/> names the rule (sent as <c>X-Vibedom-Denied</c> when
/// denied); <see cref="Reason"/> is the one-line explanation written to the audit log.
/// </summary>
internal sealed record PolicyDecision(bool Allowed, string Rule, string Reason, int StatusCode, AllowlistEntry? Entry = null)
{
    public static PolicyDecision Allow(string rule, string reason, AllowlistEntry? entry = null) => new(true, rule, reason, 0, entry);

    public static PolicyDecision Deny(string rule, int statusCode, string reason) => new(false, rule, reason, statusCode);
}
