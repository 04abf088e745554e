using System.Text;

namespace Vibedom.Core.Sessions.Hosting;

/// <summary>
/// What the CLI tells a detached session's host over its standard input (a pipe: never a file, argv or the
/// environment): the values that must never be recorded (one line each, base64), the pre-flight scan's among them
/// marked <c>workspace</c> (the proxy's DLP scrubs those from requests), <c>begin</c> (start the helpers),
/// then <c>started</c> once the sandbox runs. End of input before <c>started</c>: the sandbox never started (the CLI
/// failed, was cancelled or killed), and the host stops its helpers and ends.
/// </summary>
public static class HostChannel
{
    private const string Secret = "secret ";
    private const string WorkspaceSecret = "workspace ";
    private const string Begin = "begin";
    private const string Started = "started";

    /// <summary>Bounds what a host reads before <c>begin</c> (a runaway writer cannot grow it without end).</summary>
    private const int MaxSecrets = 100_000;

    public static IEnumerable<string> SecretLines(IEnumerable<string> values, IEnumerable<string>? workspace = null) =>
        Lines(Secret, values).Concat(Lines(WorkspaceSecret, workspace ?? [])).Append(Begin);

    private static IEnumerable<string> Lines(string kind, IEnumerable<string> values) =>
        values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Select(v => kind + Convert.ToBase64String(Encoding.UTF8.GetBytes(v)));

    public static string StartedLine => Started;

    /// <summary>The values sent before <c>begin</c> (all, and the workspace's); null when the input ended (or broke the protocol) first.</summary>
    public static async Task<(IReadOnlyList<string> All, IReadOnlyList<string> Workspace)?> ReadSecretsAsync(TextReader input, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        var workspace = new List<string>();
        while (values.Count + workspace.Count <= MaxSecrets && await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line == Begin)
            {
                return (values, workspace);
            }

            var kind = line.StartsWith(Secret, StringComparison.Ordinal) ? Secret : line.StartsWith(WorkspaceSecret, StringComparison.Ordinal) ? WorkspaceSecret : null;
            if (kind is null)
            {
                return null;
            }

            try
            {
                (kind == Secret ? values : workspace).Add(Encoding.UTF8.GetString(Convert.FromBase64String(line[kind.Length..])));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>True once the CLI says the sandbox runs; false when the input ends (or says anything else) first.</summary>
    public static async Task<bool> WaitStartedAsync(TextReader input, CancellationToken cancellationToken) =>
        await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) == Started;
}
