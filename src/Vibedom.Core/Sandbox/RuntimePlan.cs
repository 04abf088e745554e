namespace Vibedom.Core.Sandbox;

/// <summary>
/// The runtime-specific part of a <see cref="SandboxPlan"/>: what only the runtime that planned it understands and
/// acts on (the namespace runtime: the host argv of its helper and bubblewrap, and the files it writes before start;
/// a container runtime: its create request). Pure data, built with the plan and unit-tested exactly.
/// </summary>
public abstract record RuntimePlan
{
    /// <summary>One line for logs and <c>--dry-run</c> style output (the namespace runtime: its argv).</summary>
    public abstract string Describe();
}
