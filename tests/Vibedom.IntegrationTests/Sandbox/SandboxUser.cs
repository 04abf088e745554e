namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>Who starts the sandbox: root (as CI runs vibedom) or an ordinary user (uid 65534 via setpriv).</summary>
public enum SandboxUser
{
    Root,
    Unprivileged,
}
