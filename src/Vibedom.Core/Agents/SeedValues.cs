namespace Vibedom.Core.Agents;

/// <summary>
/// What a seed's placeholders stand for in one session: <c>${workspace}</c> (its path inside, the same as on the host),
/// <c>${home}</c> (the sandbox HOME), <c>${credential_tail}</c> (the last 20 characters of the credential's sentinel,
/// as Claude Code stores an approved key) and <c>${credential}</c> (the whole sentinel, fresh each session, as Codex's
/// TUI reads its key from <c>auth.json</c> only). Never a real key; empty without a credential.
/// </summary>
public sealed record SeedValues(string Workspace, string Home, string CredentialTail)
{
    /// <summary>The session's sentinel for the profile's credential (worthless outside the session).</summary>
    public string Credential { get; init; } = string.Empty;

    public string Substitute(string json, Func<string, string> escape) => json
        .Replace("${workspace}", escape(Workspace), StringComparison.Ordinal)
        .Replace("${home}", escape(Home), StringComparison.Ordinal)
        .Replace("${credential_tail}", escape(CredentialTail), StringComparison.Ordinal)
        .Replace("${credential}", escape(Credential), StringComparison.Ordinal);
}
