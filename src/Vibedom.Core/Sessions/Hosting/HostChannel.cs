using System.Text;

namespace Vibedom.Core.Sessions.Hosting;

/// <summary>
/// What the CLI tells a detached session's host over its standard input (a pipe: never a file, argv or the
/// environment): the values that must never be recorded (one line each, base64), <c>begin</c> (start the helpers),
/// then <c>started</c> once the sandbox runs. End of input before <c>started</c>: the sandbox never started (the CLI
/// failed, was cancelled or killed), and the host stops its helpers and ends.
/// </summary>
public static class HostChannel
{
    private const string Secret = "secret ";
    private const string Begin = "begin";
    private const string Started = "started";

    /// <summary>Bounds what a host reads before <c>begin</c> (a runaway writer cannot grow it without end).</summary>
    private const int MaxSecrets = 100_000;

    public static IEnumerable<string> SecretLines(IEnumerable<string> values) =>
        values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Select(v => Secret + Convert.ToBase64String(Encoding.UTF8.GetBytes(v))).Append(Begin);

    public static string StartedLine => Started;

    /// <summary>The values sent before <c>begin</c>; null when the input ended (or broke the protocol) first.</summary>
    public static async Task<IReadOnlyList<string>?> ReadSecretsAsync(TextReader input, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        while (values.Count <= MaxSecrets && await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line == Begin)
            {
                return values;
            }

            if (!line.StartsWith(Secret, StringComparison.Ordinal))
            {
                return null;
            }

            try
            {
                values.Add(Encoding.UTF8.GetString(Convert.FromBase64String(line[Secret.Length..])));
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
