namespace Vibedom.Core.Sessions;

/// <summary>
/// An advisory lock on a file of a session's folder (flock, exclusive, not waiting): one apply, undo, discard or
/// prune of a session at a time, one command settling it. Held while the returned stream is open.
/// </summary>
internal static class AdvisoryLock
{
    /// <summary>The lock on <paramref name="path"/> (created if missing), or null while another process holds it.</summary>
    public static FileStream? TryTake(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
