namespace Vibedom.Core.Sessions.Launch;

/// <summary>
/// What the user chose at the pre-flight review: cancel, or go on, hiding <paramref name="Hidden"/> (workspace-relative
/// files the scan flagged) from the agent: each cannot be read inside and cannot be written, moved or unmasked.
/// </summary>
public sealed record PreflightChoice(bool Proceed, IReadOnlyList<string> Hidden)
{
    public static PreflightChoice Continue { get; } = new(true, []);

    public static PreflightChoice Cancel { get; } = new(false, []);
}
