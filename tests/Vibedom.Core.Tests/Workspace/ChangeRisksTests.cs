using Vibedom.Core.Workspace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

/// <summary>What only the whole change set over the workspace shows: git directories, core.hooksPath, links through links.</summary>
public sealed class ChangeRisksTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Workspace => _temp.Combine("ws");

    public ChangeRisksTests() => Directory.CreateDirectory(Workspace);

    public void Dispose() => _temp.Dispose();

    private WorkspaceChange File(string path, string content = "x\n") =>
        new(path, ChangeKind.Added, null, new EntryState(EntryType.File, (UnixFileMode)0b110_100_100, content.Length, null, _temp.Write("upper/" + path, content)));

    private static WorkspaceChange Folder(string path) =>
        new(path, ChangeKind.Added, null, new EntryState(EntryType.Directory, (UnixFileMode)0b111_101_101, 0, null, "/dev/null"));

    private static WorkspaceChange Link(string path, string target) =>
        new(path, ChangeKind.Added, null, new EntryState(EntryType.Symlink, (UnixFileMode)0b111_111_111, 0, target, "/dev/null"));

    private void Lower(string path, string content = "x\n") => _temp.Write("ws/" + path, content);

    private List<string> Flagged(params WorkspaceChange[] changes)
    {
        var risks = ChangeRisks.Assess(Workspace, changes);
        return [.. changes.Where(c => risks.Reason(c) is not null).Select(c => c.Path)];
    }

    [Fact]
    public void Every_change_in_a_folder_the_agent_makes_into_a_bare_repository_is_flagged()
    {
        Lower("src/app.txt");
        var changes = new[] { File("src/HEAD", "ref: refs/heads/main\n"), Folder("src/objects"), Folder("src/refs"), File("src/config"), File("src/lib/x.c"), File("docs/readme.md") };

        Assert.Equal(["src/HEAD", "src/objects", "src/refs", "src/config", "src/lib/x.c"], Flagged(changes));
    }

    [Fact]
    public void A_head_that_completes_the_objects_and_refs_folders_of_the_workspace_is_flagged()
    {
        Directory.CreateDirectory(_temp.Combine("ws", "data", "objects"));
        Directory.CreateDirectory(_temp.Combine("ws", "data", "refs"));

        Assert.Equal(["data/HEAD"], Flagged(File("data/HEAD", "ref: refs/heads/main\n"), File("other/HEAD")));
    }

    [Fact]
    public void A_git_folder_moved_to_another_name_is_flagged_under_its_new_name()
    {
        var changes = new[] { File("foo/HEAD"), Folder("foo/objects"), File("foo/objects/ab/cdef"), Folder("foo/refs"), File("foo/refs/heads/main") };

        Assert.Equal(changes.Select(c => c.Path), Flagged(changes));
    }

    [Fact]
    public void A_folder_with_objects_and_refs_but_no_head_is_not_flagged()
    {
        Assert.Empty(Flagged(Folder("cache/objects"), File("cache/objects/a"), Folder("cache/refs"), File("cache/refs/b")));
    }

    [Fact]
    public void A_file_in_the_folder_core_hookspath_names_is_flagged()
    {
        Lower(".git/config", "[core]\n\tbare = false\n[Core] HooksPath = \".githooks\" ; our hooks\n");
        Directory.CreateDirectory(_temp.Combine("ws", ".git", "objects"));

        Assert.Equal([".githooks/pre-commit"], Flagged(File(".githooks/pre-commit"), File(".githooks-old/pre-commit"), File("src/.githooks.md")));
    }

    [Fact]
    public void A_hooks_folder_named_by_the_agents_own_git_config_is_flagged_too()
    {
        Lower(".git/config", "[core]\n\tbare = false\n");
        var config = File(".git/config", "[core]\n\tbare = false\n\thooksPath = tools/hooks\n");

        Assert.Equal([".git/config", "tools/hooks/pre-push"], Flagged(config, File("tools/hooks/pre-push"), File("tools/build.sh")));
    }

    [Fact]
    public void A_hooks_folder_of_a_worktree_repository_is_read_through_its_git_file()
    {
        _temp.Write("repo.git/config", "[core]\n\thooksPath = ../ws/hooks\n");
        Lower(".git", "gitdir: " + _temp.Combine("repo.git") + "\n");

        Assert.Equal(["hooks/post-checkout"], Flagged(File("hooks/post-checkout"), File("src/a.c")));
    }

    [Fact]
    public void A_symlink_that_leaves_the_workspace_through_another_link_of_the_agent_is_flagged()
    {
        Assert.Equal(["home"], Flagged(Folder("d"), Folder("d/e"), Link("d/e/s", "../.."), Link("home", "d/e/s/../../user-home")));
    }

    [Fact]
    public void A_symlink_that_leaves_through_a_link_of_the_workspace_is_flagged()
    {
        Directory.CreateSymbolicLink(_temp.Combine("ws", "up"), "/tmp");

        Assert.Equal(["x"], Flagged(Link("x", "up/anything"), Link("y", "src/../lib")));
    }

    [Fact]
    public void Links_that_loop_are_flagged()
    {
        Assert.Equal(["a", "b"], Flagged(Link("a", "b"), Link("b", "a/c")));
    }

    [Fact]
    public void A_symlink_that_stays_inside_through_other_links_is_not_flagged()
    {
        Directory.CreateDirectory(_temp.Combine("ws", "shared"));

        Assert.Empty(Flagged(Folder("app"), Link("app/lib", "../shared"), Link("app/current", "lib/../app/lib")));
    }

    [Fact]
    public void A_hooks_folder_named_in_a_file_the_repository_config_includes_is_flagged()
    {
        // the user's config includes a file of the workspace; the agent writes that file (and a hook beside it)
        Lower(".git/config", "[core]\n\tbare = false\n[include]\n\tpath = ../git/project.cfg\n");
        Directory.CreateDirectory(_temp.Combine("ws", ".git", "objects"));
        var changes = new[] { File("git/project.cfg", "[core]\n\thooksPath = tools/hooks\n"), File("tools/hooks/pre-commit"), File("tools/readme") };

        Assert.Equal(["tools/hooks/pre-commit"], Flagged(changes));
    }

    [Fact]
    public void A_hooks_folder_named_through_nested_and_conditional_includes_of_the_agents_config_is_flagged()
    {
        Lower(".git/config", "[core]\n\tbare = false\n");
        var config = File(".git/config", "[core]\n\tbare = false\n[includeIf \"gitdir:/nowhere/\"]\n\tpath = ../conf/a.cfg\n");
        var a = File("conf/a.cfg", "[include]\n\tpath = b.cfg\n");
        var b = File("conf/b.cfg", "[core]\n\thooksPath = \"my hooks\"\n");

        Assert.Contains("my hooks/post-checkout", Flagged(config, a, b, File("my hooks/post-checkout"), File("src/a.c")));
    }

    [Fact]
    public void An_include_vibedom_cannot_follow_flags_every_file_with_a_hook_name()
    {
        Lower(".git/config", "[core]\n\tbare = false\n[include]\n\tpath = linked.cfg\n");
        Directory.CreateSymbolicLink(_temp.Combine("ws", ".git", "linked.cfg"), _temp.Write("elsewhere.cfg", "[core]\n\tbare = false\n"));

        Assert.Equal(["scripts/pre-push"], Flagged(File("scripts/pre-push"), File("scripts/build.sh"), File("update.md")));
    }

    [Fact]
    public void An_include_that_loops_flags_every_file_with_a_hook_name()
    {
        Lower(".git/config", "[include]\n\tpath = config\n");

        Assert.Equal(["x/post-merge"], Flagged(File("x/post-merge"), File("x/y")));
    }

    [Fact]
    public void A_new_link_that_turns_an_existing_link_of_the_workspace_outward_is_flagged()
    {
        // a -> sub/b/../../user-home is <ws>/user-home today (b is missing: a folder); with b -> .. it is <ws>/../user-home
        Directory.CreateDirectory(_temp.Combine("ws", "sub"));
        Directory.CreateSymbolicLink(_temp.Combine("ws", "a"), "sub/b/../../user-home");

        Assert.Equal(["sub/b"], Flagged(Link("sub/b", ".."), Link("sub/c", "..")));
    }

    [Fact]
    public void Removing_a_link_that_kept_an_existing_link_of_the_workspace_inside_is_flagged()
    {
        // a -> l/../.. climbs from x (l -> x/y) to the root today; without l it climbs from the root to outside
        Directory.CreateDirectory(_temp.Combine("ws", "x", "y"));
        Directory.CreateSymbolicLink(_temp.Combine("ws", "l"), "x/y");
        Directory.CreateSymbolicLink(_temp.Combine("ws", "a"), "l/../..");
        var removed = new WorkspaceChange("l", ChangeKind.Deleted, new EntryState(EntryType.Symlink, (UnixFileMode)0b111_111_111, 3, "x/y", _temp.Combine("ws", "l")), null);

        Assert.Equal(["l"], Flagged(removed, File("x/z")));
    }
}

