namespace Vibedom.Core.Workspace.Apply;

/// <summary>
/// The permission bits an apply writes: the agent's, without setuid and setgid (on anything) and without
/// the sticky bit on non-directories. A file the agent made setuid is applied as a plain file.
/// </summary>
public static class AppliedMode
{
    private const UnixFileMode Privileged = UnixFileMode.SetUser | UnixFileMode.SetGroup;

    public static UnixFileMode Of(EntryState state) =>
        state.Mode & ~(state.Type == EntryType.Directory ? Privileged : Privileged | UnixFileMode.StickyBit);

    /// <summary>True when <see cref="Of"/> drops a bit the agent set.</summary>
    public static bool Strips(EntryState state) => state.Type != EntryType.Symlink && Of(state) != state.Mode;
}
