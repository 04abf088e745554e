namespace Vibedom.Cli.Rendering;

/// <summary>How much of a change <see cref="DiffBuilder"/> computes: each level holds only what its reader prints.</summary>
internal enum DiffDepth
{
    /// <summary>Risk, conflict and binary: enough to decide and to list (<c>apply --yes</c>, the per-file prompt).</summary>
    Flags,

    /// <summary>Also the lines added and removed, without keeping any line (<c>diff --stat</c>, <c>--json</c>, the review summary).</summary>
    Counts,

    /// <summary>Also the hunks and the hashes of binary sides: one file's whole diff (rendered, then dropped).</summary>
    Hunks,
}
