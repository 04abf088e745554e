namespace Vibedom.Scanning.Sources;

/// <summary>What the walk does with an entry.</summary>
public enum TreeEntryKind
{
    /// <summary>Scanned: a regular file, or a fifo or socket (size 0: only path rules apply).</summary>
    File,

    /// <summary>Walked into.</summary>
    Directory,

    /// <summary>Left alone: a symlink (never followed, as gitleaks does) or a device.</summary>
    Skipped,
}
