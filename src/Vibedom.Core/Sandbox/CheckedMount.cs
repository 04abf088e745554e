namespace Vibedom.Core.Sandbox;

/// <summary>A read-only mount the home-secret policy accepted, with the credentials under it and how it is shown inside.</summary>
/// <param name="Target">Where it appears inside (the path as requested, normalised).</param>
/// <param name="Source">The host path it resolves to (symlinks followed): what is bound.</param>
/// <param name="Masks">The credentials under <paramref name="Target"/> (paths inside), there as the session starts or not, in order.</param>
public sealed record CheckedMount(string Target, string Source, IReadOnlyList<MaskedPath> Masks)
{
    /// <summary>
    /// How it is shown, in order: one bind when no credential lies under it; else every folder on the way to a credential made afresh
    /// and filled with its other entries one by one (<see cref="SandboxPolicy.ReadOnlyView"/>), so no mount point of the view lies on a
    /// host name the host can replace (the kernel drops a mount whose mount point is renamed over or removed, in every namespace).
    /// </summary>
    public IReadOnlyList<ReadOnlyStep> Steps { get; init; } = [new ReadOnlyStep(ReadOnlyStepKind.Bind, Target, Source)];

    public override string ToString() => Masks.Count == 0 ? $"{Source} -> {Target}" : $"{Source} -> {Target} (masked: {string.Join(", ", Masks.Select(m => m.Target))})";
}
