namespace Vibedom.Core.Workspace;

/// <summary>What applying a change does to its path.</summary>
public enum ChangeKind
{
    Added,
    Modified,
    Deleted,
}
