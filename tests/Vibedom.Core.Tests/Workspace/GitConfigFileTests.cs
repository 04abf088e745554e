using Vibedom.Core.Workspace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

public sealed class GitConfigFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("[core]\n\thooksPath = .githooks\n", ".githooks")]
    [InlineData("[CORE]\n\tHOOKSPATH=hooks # comment\n", "hooks")]
    [InlineData("[core] hooksPath = \"my hooks\" ; c\n", "my hooks")]
    [InlineData("[core]\n\thooksPath = a\\\nb\n", "ab")]
    [InlineData("[core \"x\"]\n\thooksPath = no\n[alias]\n\thooksPath = no\n", null)]
    [InlineData("[core]\n\t# hooksPath = no\n", null)]
    public void Reads_core_hookspath_as_git_parses_it(string text, string? expected)
    {
        var values = GitConfigFile.Parse(text, "core.hookspath");
        Assert.Equal(expected is null ? [] : [expected], values);
    }

    [Fact]
    public void Keeps_every_value_of_a_repeated_variable()
    {
        Assert.Equal(["a", "b"], GitConfigFile.Parse("[core]\nhooksPath=a\n[core]\nhooksPath=b\n", "core.hookspath"));
    }

    [Fact]
    public void Text_git_would_reject_is_not_read_with_certainty()
    {
        Assert.Null(GitConfigFile.Parse("hooksPath = before-any-section\n", "core.hookspath"));
        Assert.True(GitConfigFile.Read(_temp.Write("bad", "[core\n\thooksPath = x\n"), "core.hookspath").Unsure);
    }

    [Fact]
    public void Follows_include_and_include_if_relative_to_the_including_file_whatever_the_condition()
    {
        var main = _temp.Write("repo/config", "[include]\n\tpath = ../inc/a\n[includeIf \"onbranch:never\"]\n\tpath = ../inc/b\n[include]\n\tpath = missing\n");
        _temp.Write("inc/a", "[core]\n\thooksPath = from-a\n");
        _temp.Write("inc/b", "[core]\n\thooksPath = from-b\n");

        var read = GitConfigFile.Read(main, "core.hookspath");

        Assert.Equal(["from-a", "from-b"], read.Values);
        Assert.False(read.Unsure);
    }

    [Fact]
    public void A_symlinked_too_large_or_too_deep_include_is_not_read_with_certainty()
    {
        var linked = _temp.Write("linked/config", "[include]\n\tpath = target\n");
        File.CreateSymbolicLink(_temp.Combine("linked", "target"), _temp.Write("real", "[core]\n\thooksPath = x\n"));
        var large = _temp.Write("large/config", "[include]\n\tpath = big\n");
        _temp.Write("large/big", "[core]\n" + new string('#', GitConfigFile.MaxBytes) + "\n");
        var deep = _temp.Write("deep/config", "[include]\n\tpath = config\n");

        Assert.All(new[] { linked, large, deep }, file => Assert.True(GitConfigFile.Read(file, "core.hookspath").Unsure, file));
    }
}
