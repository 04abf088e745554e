namespace Vibedom.Core.Agents;

/// <summary>
/// What a seed's placeholders stand for in one session: <c>${workspace}</c> (its path inside, the same as on the host),
/// <c>${home}</c> (the sandbox HOME) and <c>${credential_tail}</c> (the last 20 characters of the credential's sentinel,
/// as Claude Code stores an approved key; never a real key; empty without a credential).
/// </summary>
public sealed record SeedValues(string Workspace, string Home, string CredentialTail)
{
    public string Substitute(string json, Func<string, string> escape) => json
        .Replace("${workspace}", escape(Workspace), StringComparison.Ordinal)
        .Replace("${home}", escape(Home), StringComparison.Ordinal)
        .Replace("${credential_tail}", escape(CredentialTail), StringComparison.Ordinal);
}
