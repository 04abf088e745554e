using Vibedom.Core.Workspace;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

public sealed class GitConfigFileTests
{
    [Theory]
    [InlineData("[core]\n\thooksPath = .githooks\n", ".githooks")]
    [InlineData("[CORE]\n\tHOOKSPATH=hooks # comment\n", "hooks")]
    [InlineData("[core] hooksPath = \"my hooks\" ; c\n", "my hooks")]
    [InlineData("[core]\n\thooksPath = a\\\nb\n", "ab")]
    [InlineData("[core \"x\"]\n\thooksPath = no\n[alias]\n\thooksPath = no\n", null)]
    [InlineData("[core]\n\t# hooksPath = no\n", null)]
    public void Reads_core_hookspath_as_git_parses_it(string text, string? expected)
    {
        var values = GitConfigFile.Parse(text, "core", "hookspath");
        Assert.Equal(expected is null ? [] : [expected], values);
    }

    [Fact]
    public void Keeps_every_value_of_a_repeated_variable()
    {
        Assert.Equal(["a", "b"], GitConfigFile.Parse("[core]\nhooksPath=a\n[core]\nhooksPath=b\n", "core", "hookspath"));
    }
}
