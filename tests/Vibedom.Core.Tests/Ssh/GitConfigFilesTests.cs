using System.Text;
using Vibedom.Core.Processes;
using Vibedom.Core.Ssh;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Ssh;

/// <summary>
/// The identity read from git's files in process against the real git's answer for the same files (HOME set to a
/// folder of the test's, the system file left out): equal whenever the reader answers, and the reader answers
/// for every ordinary file.
/// </summary>
public sealed class GitConfigFilesTests : IDisposable
{
    private readonly TempDirectory _home = new();

    /// <summary>Config texts the reader must answer, exactly as git does.</summary>
    public static TheoryData<string> Certain => new()
    {
        string.Empty,
        "# only a comment\n; and another\n",
        "[user]\n\tname = Ann Example\n\temail = ann@example.com\n",
        "[User]\n  NAME = Ann\n  Email=ann@x\n",
        "[user]\nname = \"  quoted  spaces \"\n",
        "[user]\nname = a  b\t\tc   # comment\nemail = x@y ; comment\n",
        "[user]\nname = \"a#b;c\"\n",
        "[user]\nname = esc \\\"q\\\" \\\\ \\t tab \\b \\n nl\n",
        "[user]\nname = first \\\n  continued\n",
        "[user]\r\nname = crlf\r\nemail = c@r\r\n",
        "[user \"work\"]\nname = sub\n[user]\nname = main\n",
        "[user.work]\nname = deprecated\n",
        "[user]\nname = one\nname = two\n",
        "[user]\nname = kept\nname\nemail = e@x\n",
        "[user] name = same line\n",
        "[core]\n\tpager = less \\\n[user]\n\tname = swallowed\n",
        "[user]\nname = Zoë Ünïcode 名前\n",
        "[user]\n\tname = no newline at the end",
        "[user]\n\tname = a backslash at the end \\",
        "[user]\nemail = \"\"\nname =\n",
        "[user]\nname=no-space\n[alias]\n\tco = checkout\n[credential]\n\thelper = store\n",
        "[user]\n\tname = x\n[other \"sub\\\"quote\"]\n\tkey = v\n[user]\n\temail = y\n",
        "[user]\n\tname = \"half\"quoted\" text\"\n",
    };

    /// <summary>Texts git rejects or that include other files: the reader leaves them to git.</summary>
    public static TheoryData<string> Unsure => new()
    {
        "[user]\nname = \"unterminated\n",
        "[user]\nname = bad \\x escape\n",
        "[include]\n\tpath = other\n[user]\n\tname = a\n",
        "[includeIf \"gitdir:/x/\"]\n\tpath = other\n",
        "name = before any section\n",
        "[ user ]\nname = x\n",
        "[user\nname = x\n",
        "[user]\n9name = x\n",
        "[user]\nname = nul\0byte\n",
    };

    [Theory]
    [MemberData(nameof(Certain))]
    public async Task The_identity_read_in_process_is_the_one_git_reports(string text)
    {
        var file = Write(".gitconfig", text);

        var read = GitConfigFiles.TryRead([file]);

        Assert.NotNull(read);
        Assert.Equal(await GitAsync(), read);
    }

    [Theory]
    [MemberData(nameof(Unsure))]
    public void A_file_git_rejects_or_that_includes_another_is_left_to_git(string text)
    {
        var file = Write(".gitconfig", text);

        Assert.Null(GitConfigFiles.TryRead([file]));
    }

    [Fact]
    public async Task The_home_file_overrides_the_xdg_file_value_by_value_as_in_git()
    {
        var xdg = Write(".config/git/config", "[user]\n\tname = From Xdg\n\temail = xdg@example.com\n");
        var home = Write(".gitconfig", "[user]\n\tname = From Home\n");

        var read = GitConfigFiles.TryRead([Path.Combine(_home.Path, "missing"), xdg, home]);

        Assert.Equal(new GitIdentity("From Home", "xdg@example.com"), read);
        Assert.Equal(await GitAsync(), read);
    }

    [Fact]
    public async Task A_utf8_byte_order_mark_is_skipped_as_git_skips_it()
    {
        var file = Path.Combine(_home.Path, ".gitconfig");
        await File.WriteAllBytesAsync(file, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("[user]\n\tname = Bom\n")], TestContext.Current.CancellationToken);

        var read = GitConfigFiles.TryRead([file]);

        Assert.Equal(new GitIdentity("Bom", null), read);
        Assert.Equal(await GitAsync(), read);
    }

    [Fact]
    public void A_git_outside_the_distribution_folders_is_asked_itself()
    {
        Write(".gitconfig", "[user]\n\tname = Ann\n");

        Assert.Null(GitConfigFiles.TryRead("/usr/local/bin/git", _home.Path));
        Assert.Null(GitConfigFiles.TryRead("/usr/bin/git", null));
    }

    [Fact]
    public void A_config_path_that_is_a_folder_is_left_to_git()
    {
        Directory.CreateDirectory(Path.Combine(_home.Path, ".gitconfig"));

        Assert.Null(GitConfigFiles.TryRead([Path.Combine(_home.Path, ".gitconfig")]));
    }

    [Fact]
    public async Task A_config_file_behind_a_link_is_read_and_a_fifo_is_left_to_git()
    {
        var target = Write("dotfiles/gitconfig", "[user]\n\tname = Linked\n");
        File.CreateSymbolicLink(Path.Combine(_home.Path, ".gitconfig"), target);
        var fifo = Path.Combine(_home.Path, "fifo");
        Prerequisite.RequireCommand("mkfifo");
        await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("mkfifo", fifo), TestContext.Current.CancellationToken);

        Assert.Equal(new GitIdentity("Linked", null), GitConfigFiles.TryRead([Path.Combine(_home.Path, ".gitconfig")]));
        Assert.Null(GitConfigFiles.TryRead([fifo]));
    }

    public void Dispose() => _home.Dispose();


    private string Write(string relative, string text)
    {
        var file = Path.Combine(_home.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text, new UTF8Encoding(false));
        return file;
    }

    /// <summary>The real git's answer for this HOME, the system file left out (its identity, if any, is the host's).</summary>
    private Task<GitIdentity> GitAsync()
    {
        Prerequisite.RequireCommand("git");
        return GitIdentity.AskGitAsync(
            new Dictionary<string, string> { ["HOME"] = _home.Path, ["GIT_CONFIG_NOSYSTEM"] = "1" }, TestContext.Current.CancellationToken);
    }
}
