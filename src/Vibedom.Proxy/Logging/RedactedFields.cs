namespace Vibedom.Proxy.Logging;

/// <summary>An audit line's text fields as they are recorded: each through the redactor (<see cref="AuditLine"/>).</summary>
internal sealed record RedactedFields(string Method, string Url, string Host, string Reason);
