namespace Vibedom.Core.Sandbox;

/// <summary>A read-only mount the home-secret policy accepted, with the credentials inside it that must be masked.</summary>
/// <param name="Target">Where it appears inside (the path as requested, normalised).</param>
/// <param name="Source">The host path it resolves to (symlinks followed): what is bound.</param>
/// <param name="Masks">Paths inside (under <paramref name="Target"/>) hidden by an empty file or tmpfs, in order.</param>
public sealed record CheckedMount(string Target, string Source, IReadOnlyList<MaskedPath> Masks)
{
    public override string ToString() => Masks.Count == 0 ? $"{Source} -> {Target}" : $"{Source} -> {Target} (masked: {string.Join(", ", Masks.Select(m => m.Target))})";
}
