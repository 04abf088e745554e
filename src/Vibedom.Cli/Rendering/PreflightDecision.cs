namespace Vibedom.Cli.Rendering;

/// <summary>What the user chose at the pre-flight review.</summary>
public enum PreflightDecision
{
    Continue,
    Cancel,
}
