namespace Vibedom.Cli.Rendering;

/// <summary>What the user chose at the pre-flight review.</summary>
public enum PreflightDecision
{
    Continue,
    Cancel,

    /// <summary>Continue with every flagged file hidden from the agent.</summary>
    Hide,
}
