using Vibedom.Proxy.Credentials;
using Xunit;

namespace Vibedom.Proxy.Tests.Infrastructure;

/// <summary>Assertions on what the agent sees of a bound credential.</summary>
internal static class CredentialAssert
{
    /// <summary>
    /// No piece of <paramref name="credential"/>'s real value reached <paramref name="seen"/>: no 8 characters of it that
    /// its sentinel does not have too (the two share the key's known prefix).
    /// </summary>
    public static void NoPieceIn(ProxyCredential credential, string seen)
    {
        var pieces = Enumerable.Range(0, credential.Value.Length - 7).Select(i => credential.Value.Substring(i, 8))
            .Where(p => !credential.Sentinel.Contains(p, StringComparison.Ordinal));
        Assert.All(pieces, p => Assert.DoesNotContain(p, seen, StringComparison.Ordinal));
    }
}
