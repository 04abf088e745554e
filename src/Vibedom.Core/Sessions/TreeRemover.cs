namespace Vibedom.Core.Sessions;

/// <summary>
/// Deletes a folder tree vibedom owns (a session folder, run state) even where the agent left folders without
/// write or search permission: symlinks are removed, never followed.
/// </summary>
public static class TreeRemover
{
    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            MakeFoldersWritable(path);
            Directory.Delete(path, recursive: true);
        }
        catch (IOException) when (Directory.Exists(path))
        {
            MakeFoldersWritable(path);
            Directory.Delete(path, recursive: true);
        }
    }

    private static void MakeFoldersWritable(string root)
    {
        const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.TryPop(out var dir))
        {
            try
            {
                var info = new DirectoryInfo(dir);
                if ((info.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    continue;
                }

                if ((info.UnixFileMode & Owner) != Owner)
                {
                    info.UnixFileMode |= Owner;
                }

                foreach (var sub in info.EnumerateDirectories("*", new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true }))
                {
                    pending.Push(sub.FullName);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the delete that follows reports what is still in the way
            }
        }
    }
}
