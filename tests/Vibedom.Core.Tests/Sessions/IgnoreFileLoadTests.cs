using Vibedom.Core.Errors;
using Vibedom.Core.Sessions.Launch;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Sessions;

/// <summary>The ignore files of a workspace are read as the user's own short lists: regular files only, capped.</summary>
public sealed class IgnoreFileLoadTests
{
    [Fact]
    public void Reads_the_entries_of_a_regular_ignore_file()
    {
        using var temp = new TempDirectory();
        temp.Write(".gitleaksignore", "# ours\n.env:generic-api-key:1\n");

        Assert.Equal([".env:generic-api-key:1"], PreflightScan.LoadIgnored(temp.Path));
    }

    [Fact]
    public void An_ignore_file_that_is_a_symlink_is_refused_with_one_line_and_the_config_exit_code()
    {
        using var temp = new TempDirectory();
        File.CreateSymbolicLink(temp.Combine(".vibedomignore"), "/dev/zero");

        var e = Assert.Throws<VibedomException>(() => PreflightScan.LoadIgnored(temp.Path));

        Assert.Equal(ExitCodes.UsageOrConfig, e.ExitCode);
        Assert.Contains("symlink", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void An_ignore_file_over_the_size_cap_is_refused()
    {
        using var temp = new TempDirectory();
        temp.Write(".gitleaksignore", new string('#', (1 << 20) + 1));

        var e = Assert.Throws<VibedomException>(() => PreflightScan.LoadIgnored(temp.Path));

        Assert.Contains("larger than 1 MiB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_named_like_an_ignore_file_is_refused()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine(".gitleaksignore"));

        Assert.Throws<VibedomException>(() => PreflightScan.LoadIgnored(temp.Path));
    }
}
