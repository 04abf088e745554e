using Vibedom.Scanning;
using Vibedom.Scanning.Redaction;

namespace Vibedom.Core.Sessions;

/// <summary>
/// What vibedom writes about a session (session.json's command and name, every session.log line, crash
/// files) passes through here: <see cref="Redactor.RedactIgnoringCase"/> with vibedom's rules and the user's once
/// <see cref="Warm(string)"/> named their folder (also without word boundaries
/// for prefixed shapes, and on encoded forms) and the values in <see cref="Known"/>, each becoming
/// <c>[REDACTED_rule:hash12]</c>. The sandbox itself still receives the real arguments.
/// </summary>
public static class SecretRedactor
{
    /// <summary>
    /// The values this process knows are secret (the pre-flight scan's, the passed host variables'): redacted
    /// from every later record, including session.log lines and, for a proxy started with it, network.jsonl.
    /// </summary>
    public static KnownSecrets Known { get; } = new();

    /// <summary>
    /// The pre-flight scan's values alone (also in <see cref="Known"/>): the proxy's DLP scrubs them from requests
    /// wherever they appear. Passed host variables are not in it: the agent's own API key must reach its provider.
    /// </summary>
    public static KnownSecrets Workspace { get; } = new();

    /// <summary>Compiles the rules now (call it on a background thread early; the first redaction waits for it otherwise).</summary>
    public static void Warm() => CompiledRules.Warm();

    /// <summary>
    /// Records are redacted with vibedom's rules plus the user's (<paramref name="userRulesDirectory"/>, the same
    /// compiled set the pre-flight scan uses), compiled now; a bad rule file leaves vibedom's rules alone in use
    /// here (the pre-flight scan reports it).
    /// </summary>
    public static void Warm(string? userRulesDirectory)
    {
        CompiledRules.UseForRecords(userRulesDirectory);
        CompiledRules.Warm();
    }

    /// <summary>Adds values to <see cref="Known"/>.</summary>
    public static void Remember(IEnumerable<string> values) => Known.Add(values);

    /// <summary>Adds the pre-flight scan's values to <see cref="Known"/> and <see cref="Workspace"/>.</summary>
    public static void RememberWorkspace(IEnumerable<string> values)
    {
        var list = values.ToList();
        Known.Add(list);
        Workspace.Add(list);
    }

    public static IReadOnlyList<string> Redact(IReadOnlyList<string> arguments, IEnumerable<string>? knownValues = null)
    {
        var known = Known;
        if (knownValues is not null)
        {
            known = new KnownSecrets(knownValues);
            known.Add(Known.Values);
        }

        return arguments.Select(a => Redactor.Default.RedactIgnoringCase(a, known)).ToList();
    }

    public static string Redact(string text, IReadOnlyList<string>? knownValues = null) =>
        Redact([text], knownValues)[0];
}
