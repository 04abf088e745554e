using System.Globalization;
using System.Text;
using Vibedom.Proxy.Credentials;

namespace Vibedom.Core.Sessions.Hosting;

/// <summary>
/// What the CLI tells a detached session's host over its standard input (a pipe: never a file, argv or the
/// environment): the values that must never be recorded (one line each, base64), the pre-flight scan's among them
/// marked <c>workspace</c> (the proxy's DLP scrubs those from requests), the session's credentials (name,
/// sentinel, real value, places, added headers, hosts: one line each, each field base64), the session's own allowlist
/// entries (<c>allow</c>: origin then entries, each field base64), <c>begin</c> (start the helpers),
/// then <c>started</c> once the sandbox runs. End of input before <c>started</c>: the sandbox never started (the CLI
/// failed, was cancelled or killed), and the host stops its helpers and ends.
/// </summary>
public static class HostChannel
{
    private const string Secret = "secret ";
    private const string WorkspaceSecret = "workspace ";
    private const string Credential = "credential ";
    private const string Allow = "allow ";
    private const string Begin = "begin";
    private const string Started = "started";

    /// <summary>Bounds what a host reads before <c>begin</c> (a runaway writer cannot grow it without end).</summary>
    private const int MaxSecrets = 100_000;

    public static IEnumerable<string> SecretLines(
        IEnumerable<string> values, IEnumerable<string>? workspace = null, IEnumerable<ProxyCredential>? credentials = null, SessionAllowlist? allowlist = null) =>
        Lines(Secret, values).Concat(Lines(WorkspaceSecret, workspace ?? []))
            .Concat((credentials ?? []).Select(c => Credential + string.Join(' ', new[] { c.Name, c.Sentinel, c.Value, ((int)c.Places).ToString(CultureInfo.InvariantCulture), string.Join(' ', c.Headers) }.Concat(c.Hosts).Select(Base64))))
            .Concat(allowlist is { Hosts.Count: > 0 } ? [Allow + string.Join(' ', allowlist.Hosts.Prepend(allowlist.Origin).Select(Base64))] : [])
            .Append(Begin);

    public static string StartedLine => Started;

    /// <summary>The values, workspace values and credentials sent before <c>begin</c>; null when the input ended (or broke the protocol) first.</summary>
    public static async Task<HostSecrets?> ReadSecretsAsync(TextReader input, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        var workspace = new List<string>();
        var credentials = new List<ProxyCredential>();
        var allowlist = SessionAllowlist.None;
        while (values.Count + workspace.Count + credentials.Count <= MaxSecrets && await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line == Begin)
            {
                return new HostSecrets(values, workspace, credentials) { Allowlist = allowlist };
            }

            try
            {
                if (line.StartsWith(Secret, StringComparison.Ordinal))
                {
                    values.Add(Text(line[Secret.Length..]));
                }
                else if (line.StartsWith(WorkspaceSecret, StringComparison.Ordinal))
                {
                    workspace.Add(Text(line[WorkspaceSecret.Length..]));
                }
                else if (line.StartsWith(Credential, StringComparison.Ordinal) && line[Credential.Length..].Split(' ').Select(Text).ToList() is { Count: >= 6 } fields)
                {
                    var headers = fields[4].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    credentials.Add(new ProxyCredential(fields[0], fields[1], fields[2], fields[5..], (CredentialPlaces)int.Parse(fields[3], CultureInfo.InvariantCulture), headers));
                }
                else if (line.StartsWith(Allow, StringComparison.Ordinal) && line[Allow.Length..].Split(' ').Select(Text).ToList() is { Count: >= 1 } allowed)
                {
                    allowlist = new SessionAllowlist(allowed[0], allowed[1..]);
                }
                else
                {
                    return null;
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>True once the CLI says the sandbox runs; false when the input ends (or says anything else) first.</summary>
    public static async Task<bool> WaitStartedAsync(TextReader input, CancellationToken cancellationToken) =>
        await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) == Started;

    private static IEnumerable<string> Lines(string kind, IEnumerable<string> values) =>
        values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Select(v => kind + Base64(v));

    private static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string Text(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));
}
