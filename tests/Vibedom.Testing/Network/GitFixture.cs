using Vibedom.Core.Processes;

namespace Vibedom.Testing.Network;

/// <summary>A bare git repository with one commit, prepared for git's dumb HTTP (served by <see cref="UpstreamServer"/>).</summary>
public static class GitFixture
{
    public const string Content = "cloned through vibedom\n";

    /// <summary>Creates <c>served/repo.git</c> under <paramref name="root"/> and returns the <c>served</c> folder.</summary>
    public static async Task<string> CreateBareRepositoryAsync(string root)
    {
        var source = Path.Combine(root, "git-src");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "hello.txt"), Content);
        await GitAsync(source, "init", "-q", "-b", "main");
        await GitAsync(source, "add", "hello.txt");
        await GitAsync(source, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "first");
        var served = Path.Combine(root, "served");
        await GitAsync(root, "clone", "-q", "--bare", source, Path.Combine(served, "repo.git"));
        await GitAsync(Path.Combine(served, "repo.git"), "update-server-info");
        return served;
    }

    private static async Task GitAsync(string directory, params string[] arguments)
    {
        var spec = new ProcessSpec("git", arguments)
        {
            WorkingDirectory = directory,
            Environment = new Dictionary<string, string> { ["GIT_CONFIG_NOSYSTEM"] = "1", ["GIT_CONFIG_GLOBAL"] = "/dev/null" },
        };
        await ProcessRunner.Default.RunCheckedAsync(spec);
    }
}
