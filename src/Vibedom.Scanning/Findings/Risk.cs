namespace Vibedom.Scanning.Findings;

/// <summary>How much a finding matters before an agent reads the workspace.</summary>
public enum Risk
{
    /// <summary>Local development or test fixtures.</summary>
    Low,

    Medium,

    /// <summary>Production or live credentials.</summary>
    High,
}
