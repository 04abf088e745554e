namespace Vibedom.Core.Sandbox;

/// <summary>How a sandboxed command is connected to vibedom's terminal.</summary>
public enum SandboxTerminal
{
    /// <summary>
    /// vibedom's own stdin/stdout/stderr; the sandbox gets a new session (setsid) so it cannot
    /// inject keystrokes into the user's shell with TIOCSTI.
    /// </summary>
    Inherit,

    /// <summary>A fresh pseudo-terminal relayed by vibedom; the pty itself is the TIOCSTI barrier.</summary>
    Pty,
}
